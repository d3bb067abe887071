using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.Platform.Metadata;

/// <summary>
/// How translations and settings are written to and read from their JSON columns. A field's default value shares the
/// settings column under <see cref="DefaultValueKey"/>: no settings type has a property of that name, so the typed
/// settings read past it, and no schema change was needed.
/// </summary>
internal static class MetadataJson
{
    public const string DefaultValueKey = "defaultValue";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(ImmutableSortedDictionary<string, string> texts) => JsonSerializer.Serialize(texts, Options);

    public static string? Write(FieldSettings? settings, string? defaultValue = null)
    {
        if (defaultValue is null)
        {
            return settings is null ? null : JsonSerializer.Serialize(settings, settings.GetType(), Options);
        }

        var json = settings is null ? [] : JsonSerializer.SerializeToNode(settings, settings.GetType(), Options)!.AsObject();
        json[DefaultValueKey] = defaultValue;
        return json.ToJsonString(Options);
    }

    public static string? ReadDefaultValue(string? json) =>
        json is not null && JsonNode.Parse(json) is JsonObject settings && settings[DefaultValueKey] is JsonValue value ? value.GetValue<string>() : null;

    public static ImmutableSortedDictionary<string, string> ReadTexts(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options)!.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public static FieldSettings? ReadSettings(string type, string? json) =>
        json is null || FieldSettingsReader.SettingsTypeOf(type) is not { } settingsType
            ? null
            : (FieldSettings?)JsonSerializer.Deserialize(json, settingsType, Options);
}
