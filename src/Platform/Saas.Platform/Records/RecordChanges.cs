using System.Text.Json.Nodes;
using UUIDNext;

namespace Saas.Platform.Records;

/// <summary>
/// The history rows of one write: one per changed field, all with the same change id, time and author. Each row carries
/// the version the write produces. A creation is one row, <see cref="CreatedField"/>, holding every initial value: an
/// import writes one history row per record instead of one per field, and <see cref="Expand"/> reads it back per field.
/// </summary>
internal sealed class RecordChanges(StoredRecord record, int version, RecordActor actor, DateTimeOffset at, bool creation = false)
{
    /// <summary>The field name of a creation's row, whose new value is an object of every field's initial value.</summary>
    public const string CreatedField = "$created";

    private readonly Guid changeId = Uuid.NewSequential();
    private readonly List<RecordChange> rows = [];
    private readonly JsonObject initial = [];
    private readonly List<string> fields = [];
    private RecordChange? created;

    public RecordActor Actor => actor;

    public DateTimeOffset At => at;

    /// <summary>For a creation, its one row, made when first asked for: read it once every field is added.</summary>
    public IReadOnlyList<RecordChange> Rows => creation && fields.Count > 0 ? [created ??= Row(CreatedField, null, initial)] : rows;

    public IReadOnlyCollection<string> Fields => fields;

    public void Add(string field, JsonNode? oldValue, JsonNode? newValue)
    {
        fields.Add(field);
        if (creation)
        {
            initial[field] = newValue?.DeepClone();
        }
        else
        {
            rows.Add(Row(field, oldValue, newValue));
        }
    }

    /// <summary>A stored row as the changes of single fields, a creation's in field name order.</summary>
    public static IEnumerable<(string Field, JsonNode? OldValue, JsonNode? NewValue)> Expand(RecordChange row)
    {
        if (row.Field != CreatedField)
        {
            return [(row.Field, Parse(row.OldValue), Parse(row.NewValue))];
        }

        return Parse(row.NewValue)!.AsObject()
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, (JsonNode?)null, p.Value?.DeepClone()))
            .ToList();
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    private RecordChange Row(string field, JsonNode? oldValue, JsonNode? newValue) => new()
    {
        Id = Uuid.NewSequential(),
        RecordId = record.Id,
        EntityId = record.EntityId,
        ChangeId = changeId,
        Version = version,
        Field = field,
        OldValue = oldValue?.ToJsonString(),
        NewValue = newValue?.ToJsonString(),
        ChangedAt = at,
        ChangedBy = actor.Name,
    };
}
