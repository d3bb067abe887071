using System.Text.Json.Nodes;
using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

public enum RecordWriteKind
{
    Created,
    Updated,
    Deleted,
    Restored,
    Purged,
}

/// <summary>
/// One write of one record, as the observers see it. Values are keyed by field id; <see cref="Before"/> is null for a
/// create or restore, <see cref="After"/> null for a delete or purge. <see cref="ChangedFields"/> holds api names.
/// <see cref="Snapshot"/> is the metadata the write was checked against, so observers need not read it again.
/// </summary>
public sealed record RecordWrite(
    MetadataSnapshot Snapshot,
    RecordWriteKind Kind,
    EntityDefinition Entity,
    Guid RecordId,
    Guid? OwnerId,
    IReadOnlyDictionary<Guid, JsonNode?>? Before,
    IReadOnlyDictionary<Guid, JsonNode?>? After,
    IReadOnlyCollection<string> ChangedFields,
    RecordActor Actor,
    DateTimeOffset At);

/// <summary>
/// Sees every record write on every write path, inside the write's transaction, after the record's own rows are saved.
/// Rows an observer adds to the scoped TenantDbContext (search index, roll-ups, workflow trigger events) are saved in
/// the same transaction, so they commit or roll back with the record. Register with <c>AddScoped</c>.
/// </summary>
internal interface IRecordWriteObserver
{
    Task OnWrittenAsync(RecordWrite write, CancellationToken cancellationToken);
}
