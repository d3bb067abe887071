using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using static System.Linq.Expressions.Expression;

namespace Saas.Platform.Querying;

/// <summary>
/// What a query reads of a record: its system columns, its JSON document only when the answer shows a field of the
/// entity, and its sort values (for the continuation token).
/// </summary>
internal sealed class RecordRow
{
    public Guid Id { get; init; }

    public string? Name { get; init; }

    public Guid? OwnerId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string CreatedBy { get; init; } = string.Empty;

    public DateTimeOffset ModifiedAt { get; init; }

    public string ModifiedBy { get; init; } = string.Empty;

    public int Version { get; init; }

    public string? Data { get; init; }

    public object?[] SortValues { get; init; } = [];

    public static Expression<Func<StoredRecord, RecordRow>> Projection(RecordAccess access, IReadOnlyList<SortKey> keys, bool withData)
    {
        var record = access.Record;
        var columns = new[]
        {
            nameof(Id), nameof(Name), nameof(OwnerId), nameof(CreatedAt), nameof(CreatedBy), nameof(ModifiedAt), nameof(ModifiedBy), nameof(Version),
        }.Concat(withData ? [nameof(Data)] : []);
        var bindings = columns.Select(c => (MemberBinding)Bind(typeof(RecordRow).GetProperty(c)!, Property(record, c))).ToList();
        bindings.Add(Bind(typeof(RecordRow).GetProperty(nameof(SortValues))!, NewArrayInit(typeof(object), keys.Select(k => Convert(k.Value, typeof(object))))));
        return Lambda<Func<StoredRecord, RecordRow>>(MemberInit(New(typeof(RecordRow)), bindings), record);
    }

    /// <summary>The API's shape (system fields, then the entity's fields in display order), or only <paramref name="select"/> and the id.</summary>
    public JsonObject ToJson(EntityDefinition entity, IReadOnlyList<string>? select)
    {
        var system = new (string Name, JsonNode? Value)[]
        {
            ("id", Id), ("name", Name), ("ownerId", OwnerId), ("createdAt", CreatedAt), ("createdBy", CreatedBy),
            ("modifiedAt", ModifiedAt), ("modifiedBy", ModifiedBy), ("version", Version),
        };
        var json = new JsonObject();
        foreach (var (name, value) in system.Where(s => select is null || s.Name == "id" || select.Contains(s.Name)))
        {
            json[name] = value;
        }

        if (Data is null)
        {
            return json;
        }

        // The values are this row's own (read detached from their document), so they move into the answer uncopied.
        var values = RecordData.Read(Data);
        foreach (var field in entity.Fields.Where(f => select is null || select.Contains(f.ApiName)))
        {
            json[field.ApiName] = values.GetValueOrDefault(field.Id);
        }

        return json;
    }
}
