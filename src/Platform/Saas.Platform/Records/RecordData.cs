using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>The JSON document of a record's values (keyed by field id) and the view of a record that readers get.</summary>
internal static class RecordData
{
    public static Dictionary<Guid, JsonNode?> Read(string data)
    {
        // The parsed values are taken out of their document (clearing it detaches them) instead of copied.
        var document = JsonNode.Parse(data)!.AsObject();
        var values = new Dictionary<Guid, JsonNode?>(document.Count);
        foreach (var (key, value) in document)
        {
            values[Guid.Parse(key)] = value;
        }

        document.Clear();
        return values;
    }

    /// <summary>Only values are kept: a field without a value has no entry.</summary>
    public static string Write(IReadOnlyDictionary<Guid, JsonNode?> values)
    {
        var data = new JsonObject();
        foreach (var (field, value) in values.Where(v => v.Value is not null).OrderBy(v => v.Key))
        {
            data[field.ToString("D")] = value!.DeepClone();
        }

        return data.ToJsonString();
    }

    /// <summary>The display name: the value of the entity's first text field, else its first auto-number.</summary>
    public static string? NameOf(EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> values)
    {
        var source = NameSource(entity);
        var name = source is null ? null : values.GetValueOrDefault(source.Id)?.GetValue<string>();
        return name is null ? null : Cut(name, StoredRecord.NameLength);
    }

    /// <summary>The field the display name is copied from, if any.</summary>
    public static FieldDefinition? NameSource(EntityDefinition entity) =>
        entity.Fields.FirstOrDefault(f => f.Type == Text) ?? entity.Fields.FirstOrDefault(f => f.Type == AutoNumber);

    /// <summary>At most <paramref name="length"/> UTF-16 units, never cutting an emoji's surrogate pair in half.</summary>
    public static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];

    public static RecordView View(EntityDefinition entity, StoredRecord record)
    {
        var values = Read(record.Data);
        return new RecordView(
            record.Id, record.Name, record.OwnerId, record.CreatedAt, record.CreatedBy, record.ModifiedAt, record.ModifiedBy, record.Version, record.DeletedAt,
            [.. entity.Fields.Select(f => KeyValuePair.Create(f.ApiName, values.GetValueOrDefault(f.Id)))]);
    }

    /// <summary>The API's shape: system fields first, then every field of the entity in display order.</summary>
    public static JsonObject ToJson(RecordView record)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["name"] = record.Name,
            ["ownerId"] = record.OwnerId,
            ["createdAt"] = record.CreatedAt,
            ["createdBy"] = record.CreatedBy,
            ["modifiedAt"] = record.ModifiedAt,
            ["modifiedBy"] = record.ModifiedBy,
            ["version"] = record.Version,
        };
        if (record.DeletedAt is { } deletedAt)
        {
            json["deletedAt"] = deletedAt;
        }

        foreach (var (field, value) in record.Values)
        {
            json[field] = value?.DeepClone();
        }

        return json;
    }
}
