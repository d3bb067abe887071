using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

/// <summary>
/// A component as a flat map of properties, the unit of provenance and of the 3-way merge: <c>label.en</c>,
/// <c>label.zh-CN</c>, <c>helpText.en</c>, <c>type</c>, <c>required</c>, <c>default</c>, <c>settings.maxLength</c>,
/// <c>values.won.label.zh-CN</c>, <c>values.won.isActive</c>. The publisher's side comes from the metadata request the
/// pack makes, the tenant's from the stored row, so both read the same names and shapes.
/// </summary>
internal static class PackProperties
{
    private const string Values = "values.";
    private const string SettingsPrefix = "settings.";

    public static JsonObject OfEntity(CreateEntityRequest request)
    {
        var map = new JsonObject();
        Texts(map, "label", request.Label);
        Texts(map, "pluralLabel", request.PluralLabel);
        Put(map, "description", request.Description);
        Put(map, "icon", request.Icon);
        return map;
    }

    public static JsonObject OfEntity(StoredEntity entity)
    {
        var map = new JsonObject();
        StoredTexts(map, "label", MetadataJson.ReadTexts(entity.Label));
        StoredTexts(map, "pluralLabel", MetadataJson.ReadTexts(entity.PluralLabel));
        Put(map, "description", entity.Description);
        Put(map, "icon", entity.Icon);
        return map;
    }

    public static JsonObject OfField(FieldRequest request)
    {
        var map = new JsonObject();
        Texts(map, "label", request.Label);
        Texts(map, "helpText", request.HelpText);
        Put(map, "type", request.Type);
        Flags(map, request.Required ?? false, request.Unique ?? false, request.Indexed ?? false, request.ReadOnly ?? false);
        Put(map, "default", request.DefaultValue is { ValueKind: JsonValueKind.String } value ? value.GetString() : null);
        Settings(map, request.Settings is { } settings ? JsonNode.Parse(settings.GetRawText()) as JsonObject : null);
        return map;
    }

    public static JsonObject OfField(StoredField field)
    {
        var map = new JsonObject();
        StoredTexts(map, "label", MetadataJson.ReadTexts(field.Label));
        StoredTexts(map, "helpText", MetadataJson.ReadTexts(field.HelpText));
        Put(map, "type", field.Type);
        Flags(map, field.Required, field.Unique, field.Indexed, field.ReadOnly);
        Put(map, "default", MetadataJson.ReadDefaultValue(field.Settings));
        Settings(map, field.Settings is null ? null : JsonNode.Parse(field.Settings) as JsonObject);
        return map;
    }

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    /// <summary>The entity change that turns <paramref name="tenant"/> into <paramref name="merged"/>; null when they agree.</summary>
    public static UpdateEntityRequest? EntityChange(JsonObject tenant, JsonObject merged)
    {
        bool Differs(string prefix) => Keys(tenant, merged).Any(k => k.StartsWith(prefix, StringComparison.Ordinal) && !Same(tenant[k], merged[k]));
        var request = new UpdateEntityRequest(
            null,
            Differs("label.") ? TextsOf(merged, "label") : null,
            Differs("pluralLabel.") ? TextsOf(merged, "pluralLabel") : null,
            Differs("description") ? merged["description"]?.GetValue<string>() ?? string.Empty : null,
            Differs("icon") ? merged["icon"]?.GetValue<string>() ?? string.Empty : null,
            null);
        return request is { Label: null, PluralLabel: null, Description: null, Icon: null } ? null : request;
    }

    /// <summary>
    /// The field change that turns <paramref name="tenant"/> into <paramref name="merged"/>; null when they agree. A
    /// picklist value the merge dropped is deactivated, never removed: records may hold it.
    /// </summary>
    public static FieldRequest? FieldChange(StoredField field, JsonObject tenant, JsonObject merged)
    {
        var keys = Keys(tenant, merged).Where(k => !Same(tenant[k], merged[k])).ToList();
        if (keys.Count == 0)
        {
            return null;
        }

        bool Differs(string prefix) => keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
        bool? Flag(string name) => keys.Contains(name) ? merged[name]?.GetValue<bool>() ?? false : null;
        JsonElement? settings = null;
        if (Differs(SettingsPrefix) || Differs(Values))
        {
            var json = field.Settings is null ? [] : JsonNode.Parse(field.Settings)!.AsObject();
            json.Remove(MetadataJson.DefaultValueKey);
            foreach (var key in keys.Where(k => k.StartsWith(SettingsPrefix, StringComparison.Ordinal)))
            {
                if (merged[key] is { } value)
                {
                    json[key[SettingsPrefix.Length..]] = value.DeepClone();
                }
                else
                {
                    json.Remove(key[SettingsPrefix.Length..]);
                }
            }

            if (Differs(Values))
            {
                json["values"] = MergedValues(json["values"] as JsonArray ?? [], merged);
            }

            settings = JsonSerializer.SerializeToElement(json);
        }

        return new FieldRequest(
            null,
            Differs("label.") ? TextsOf(merged, "label") : null,
            Differs("helpText.") ? TextsOf(merged, "helpText") : null,
            keys.Contains("type") ? merged["type"]?.GetValue<string>() : null,
            Flag("required"), Flag("unique"), Flag("indexed"), Flag("readOnly"),
            null,
            settings,
            keys.Contains("default") ? JsonSerializer.SerializeToElement(merged["default"]?.GetValue<string>() ?? string.Empty) : null);
    }

    private static JsonArray MergedValues(JsonArray current, JsonObject merged)
    {
        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in current.OfType<JsonObject>())
        {
            var api = value["apiName"]!.GetValue<string>();
            seen.Add(api);
            result.Add(merged.ContainsKey($"{Values}{api}.isActive") ? ValueOf(api, merged) : Deactivated(value));
        }

        foreach (var api in merged.Select(p => p.Key).Where(k => k.StartsWith(Values, StringComparison.Ordinal))
                     .Select(k => k[Values.Length..k.IndexOf('.', Values.Length)]).Distinct(StringComparer.Ordinal).Where(seen.Add))
        {
            result.Add(ValueOf(api, merged));
        }

        for (var i = 0; i < result.Count; i++)
        {
            result[i]!["order"] = i + 1;
        }

        return result;
    }

    private static JsonObject Deactivated(JsonObject value)
    {
        var copy = value.DeepClone().AsObject();
        copy["isActive"] = false;
        copy["isDefault"] = false;
        return copy;
    }

    private static JsonObject? ValueOf(string api, JsonObject merged)
    {
        var prefix = $"{Values}{api}.";
        if (!merged.Any(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return null;
        }

        return new JsonObject
        {
            ["apiName"] = api,
            ["label"] = JsonSerializer.SerializeToNode(TextsOf(merged, $"{prefix}label")),
            ["isDefault"] = merged[$"{prefix}isDefault"]?.GetValue<bool>() ?? false,
            ["isActive"] = merged[$"{prefix}isActive"]?.GetValue<bool>() ?? true,
        };
    }

    private static IEnumerable<string> Keys(JsonObject a, JsonObject b) => a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal);

    private static Dictionary<string, string?> TextsOf(JsonObject map, string name) =>
        map.Where(p => p.Key.StartsWith($"{name}.", StringComparison.Ordinal) && p.Key.IndexOf('.', name.Length + 1) < 0 && p.Value is not null)
            .ToDictionary(p => p.Key[(name.Length + 1)..], p => (string?)p.Value!.GetValue<string>(), StringComparer.Ordinal);

    private static void Texts(JsonObject map, string name, IEnumerable<KeyValuePair<string, string?>>? texts)
    {
        foreach (var (culture, text) in texts ?? [])
        {
            Put(map, $"{name}.{culture}", string.IsNullOrEmpty(text) ? null : text);
        }
    }

    private static void StoredTexts(JsonObject map, string name, IEnumerable<KeyValuePair<string, string>> texts) =>
        Texts(map, name, texts.Select(t => new KeyValuePair<string, string?>(t.Key, t.Value)));

    private static void Flags(JsonObject map, bool required, bool unique, bool indexed, bool readOnly)
    {
        map["required"] = required;
        map["unique"] = unique;
        map["indexed"] = indexed;
        map["readOnly"] = readOnly;
    }

    private static void Settings(JsonObject map, JsonObject? settings)
    {
        foreach (var (key, value) in settings ?? [])
        {
            if (key == MetadataJson.DefaultValueKey || value is null)
            {
                continue;
            }

            if (key == "values" && value is JsonArray values)
            {
                foreach (var item in values.OfType<JsonObject>())
                {
                    var api = item["apiName"]!.GetValue<string>();
                    if (item["label"] is JsonObject label)
                    {
                        foreach (var (culture, text) in label)
                        {
                            Put(map, $"{Values}{api}.label.{culture}", text?.GetValue<string>());
                        }
                    }

                    map[$"{Values}{api}.isDefault"] = item["isDefault"]?.GetValue<bool>() ?? false;
                    map[$"{Values}{api}.isActive"] = item["isActive"]?.GetValue<bool>() ?? true;
                }
            }
            else if (value is JsonValue)
            {
                map[$"{SettingsPrefix}{key}"] = value.DeepClone();
            }
        }
    }

    private static void Put(JsonObject map, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            map[key] = value;
        }
    }
}
