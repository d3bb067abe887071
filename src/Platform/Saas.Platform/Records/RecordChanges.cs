using System.Text.Json.Nodes;

namespace Saas.Platform.Records;

/// <summary>
/// The history rows of one write: one per changed field, all with the same change id, time and author. Each row carries
/// the version the write produces.
/// </summary>
internal sealed class RecordChanges(StoredRecord record, int version, RecordActor actor, DateTimeOffset at)
{
    private readonly Guid changeId = Guid.CreateVersion7();
    private readonly List<RecordChange> rows = [];

    public RecordActor Actor => actor;

    public DateTimeOffset At => at;

    public IReadOnlyList<RecordChange> Rows => rows;

    public IReadOnlyCollection<string> Fields => [.. rows.Select(r => r.Field)];

    public void Add(string field, JsonNode? oldValue, JsonNode? newValue) => rows.Add(new RecordChange
    {
        Id = Guid.CreateVersion7(),
        RecordId = record.Id,
        EntityId = record.EntityId,
        ChangeId = changeId,
        Version = version,
        Field = field,
        OldValue = oldValue?.ToJsonString(),
        NewValue = newValue?.ToJsonString(),
        ChangedAt = at,
        ChangedBy = actor.Name,
    });
}
