using System.Collections.Immutable;
using System.Text.Json;

namespace Saas.Platform.Metadata;

/// <summary>How translations and settings are written to and read from their JSON columns.</summary>
internal static class MetadataJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(ImmutableSortedDictionary<string, string> texts) => JsonSerializer.Serialize(texts, Options);

    public static string? Write(FieldSettings? settings) =>
        settings is null ? null : JsonSerializer.Serialize(settings, settings.GetType(), Options);

    public static ImmutableSortedDictionary<string, string> ReadTexts(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options)!.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public static FieldSettings? ReadSettings(string type, string? json) =>
        json is null || FieldSettingsReader.SettingsTypeOf(type) is not { } settingsType
            ? null
            : (FieldSettings?)JsonSerializer.Deserialize(json, settingsType, Options);
}
