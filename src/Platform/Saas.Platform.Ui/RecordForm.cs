using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;

namespace Saas.Platform.Ui;

/// <summary>
/// The values a record page edits, one typed slot per field, and their conversion from and to the JSON the record
/// service takes (the same JSON as the HTTP API).
/// </summary>
public sealed class RecordForm
{
    private readonly Dictionary<string, JsonNode?> original = new(StringComparer.Ordinal);

    public Dictionary<string, string?> Texts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, decimal?> Numbers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTime?> Dates { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> Booleans { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyCollection<string>> Choices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, LookupOption?> Lookups { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a person types or picks this field's value (not computed, not the owner).</summary>
    public static bool IsEditable(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return !field.ReadOnly && field.Type is not (FieldType.Formula or FieldType.AutoNumber or FieldType.Owner or FieldType.Rollup);
    }

    public void Load(FieldDefinition field, JsonNode? value, string? lookupName = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        original[field.ApiName] = value?.DeepClone();
        switch (field.Type)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                Numbers[field.ApiName] = value?.GetValueKind() == JsonValueKind.Number ? value.GetValue<decimal>() : null;
                break;
            case FieldType.Date:
                Dates[field.ApiName] = DateTime.TryParse(value?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
                break;
            case FieldType.DateTime:
                Texts[field.ApiName] = DateTimeOffset.TryParse(value?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)
                    : null;
                break;
            case FieldType.Boolean:
                Booleans[field.ApiName] = value?.GetValueKind() == JsonValueKind.True;
                break;
            case FieldType.MultiPicklist:
                Choices[field.ApiName] = value is JsonArray items ? [.. items.Select(i => i!.ToString())] : [];
                break;
            case FieldType.Lookup:
                Lookups[field.ApiName] = Guid.TryParse(value?.ToString(), out var id) ? new LookupOption(id, lookupName ?? id.ToString()) : null;
                break;
            default:
                Texts[field.ApiName] = value?.ToString();
                break;
        }
    }

    /// <summary>The JSON value the field holds now; null for empty.</summary>
    public JsonNode? ValueOf(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Number or FieldType.Currency or FieldType.Percent => Numbers.GetValueOrDefault(field.ApiName) is { } number ? JsonValue.Create(number) : null,
            FieldType.Date => Dates.GetValueOrDefault(field.ApiName) is { } date ? JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null,
            FieldType.DateTime => DateTime.TryParse(Texts.GetValueOrDefault(field.ApiName), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? JsonValue.Create(new DateTimeOffset(at, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                : null,
            FieldType.Boolean => JsonValue.Create(Booleans.GetValueOrDefault(field.ApiName)),
            FieldType.MultiPicklist => Choices.GetValueOrDefault(field.ApiName) is { Count: > 0 } chosen ? new JsonArray([.. chosen.Select(c => (JsonNode)JsonValue.Create(c))]) : null,
            FieldType.Lookup => Lookups.GetValueOrDefault(field.ApiName) is { } target ? JsonValue.Create(target.Id.ToString()) : null,
            _ => string.IsNullOrEmpty(Texts.GetValueOrDefault(field.ApiName)) ? null : JsonValue.Create(Texts[field.ApiName]),
        };
    }

    /// <summary>For a create every field with a value; for an update only the fields that changed.</summary>
    public JsonObject Changes(IEnumerable<FieldDefinition> fields, bool creating)
    {
        var body = new JsonObject();
        foreach (var field in fields.Where(IsEditable))
        {
            var now = ValueOf(field);
            if (creating ? now is not null && !(field.Type == FieldType.Boolean && original.GetValueOrDefault(field.ApiName) is null && now.GetValue<bool>() == false)
                         : !JsonNode.DeepEquals(now, original.GetValueOrDefault(field.ApiName)))
            {
                body[field.ApiName] = now;
            }
        }

        return body;
    }
}

/// <summary>A record a lookup field can point to: its id and display name.</summary>
public sealed record LookupOption(Guid Id, string Name)
{
    public override string ToString() => Name;
}
