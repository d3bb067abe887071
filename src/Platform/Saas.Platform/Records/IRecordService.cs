using System.Text.Json.Nodes;

namespace Saas.Platform.Records;

/// <summary>
/// Reads and writes records of the current tenant's entities. Every write path (HTTP API, bulk import, UI, workflows)
/// goes through it, so each one validates against the metadata, keeps the index and unique tables and writes history.
/// </summary>
public interface IRecordService
{
    /// <summary>Creates a record from field values keyed by field api name (and optionally <c>ownerId</c>).</summary>
    Task<RecordOutcome<RecordView>> CreateAsync(string entity, JsonObject values, RecordActor actor, CancellationToken cancellationToken);

    /// <summary>A live record; a deleted one is not found (it is in the recycle bin).</summary>
    Task<RecordOutcome<RecordView>> GetAsync(string entity, Guid id, CancellationToken cancellationToken);

    /// <summary>Changes the given fields only; <paramref name="ifMatch"/>, when given, lists the versions the caller accepts.</summary>
    Task<RecordOutcome<RecordView>> UpdateAsync(
        string entity, Guid id, JsonObject values, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken);

    /// <summary>Moves a live record to the recycle bin.</summary>
    Task<RecordOutcome<RecordView>> DeleteAsync(string entity, Guid id, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken);

    /// <summary>Brings a record back from the recycle bin.</summary>
    Task<RecordOutcome<RecordView>> RestoreAsync(string entity, Guid id, RecordActor actor, CancellationToken cancellationToken);

    /// <summary>Removes a deleted record for good, with its index and unique values; its history stays.</summary>
    Task<RecordOutcome<RecordView>> PurgeAsync(string entity, Guid id, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken);

    /// <summary>The deleted records of an entity, the most recently deleted first.</summary>
    Task<RecordOutcome<IReadOnlyList<RecordView>>> RecycleBinAsync(string entity, CancellationToken cancellationToken);

    /// <summary>Every field change of a record (also of a purged one), the newest first.</summary>
    Task<RecordOutcome<IReadOnlyList<RecordHistoryItem>>> HistoryAsync(string entity, Guid id, CancellationToken cancellationToken);
}

/// <summary>Who writes: the name kept in the created/modified/changed-by columns, and the person's user id (null for an API key).</summary>
public sealed record RecordActor(string Name, Guid? UserId);

/// <summary>A record as read: system fields, and the value of every live field of its entity by api name (null when empty).</summary>
public sealed record RecordView(
    Guid Id,
    string? Name,
    Guid? OwnerId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ModifiedAt,
    string ModifiedBy,
    int Version,
    DateTimeOffset? DeletedAt,
    IReadOnlyList<KeyValuePair<string, JsonNode?>> Values)
{
    /// <summary>The strong entity tag of this version: the version number in quotes.</summary>
    public string ETag => $"\"{Version}\"";
}

/// <summary>One changed field of one write; values are JSON as the API shows them.</summary>
public sealed record RecordHistoryItem(Guid ChangeId, int Version, string Field, JsonNode? OldValue, JsonNode? NewValue, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>How a record operation ended.</summary>
public enum RecordStatus
{
    Ok,
    Created,
    Invalid,
    Forbidden,
    NotFound,
    PreconditionFailed,
    Conflict,
}

/// <summary>What a record operation came to: a value, or the errors keyed by field api name, or why it was refused.</summary>
public sealed record RecordOutcome<T>(RecordStatus Status, T? Value, IReadOnlyDictionary<string, string[]>? Errors, string? Title, string? Detail);

/// <summary>Makes <see cref="RecordOutcome{T}"/>s.</summary>
public static class RecordOutcome
{
    public static RecordOutcome<T> Success<T>(T value, RecordStatus status = RecordStatus.Ok) => new(status, value, null, null, null);

    public static RecordOutcome<T> Refused<T>(RecordStatus status, string title, string detail) => new(status, default, null, title, detail);

    public static RecordOutcome<T> Invalid<T>(IReadOnlyDictionary<string, string[]> errors) => new(RecordStatus.Invalid, default, errors, null, null);
}
