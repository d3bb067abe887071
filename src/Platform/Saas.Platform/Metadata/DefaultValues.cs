using System.Text.Json;

namespace Saas.Platform.Metadata;

/// <summary>
/// Reads the <c>defaultValue</c> of a request: an expression as a JSON string, an empty string to remove it, or
/// absent to keep the current one. It is compiled later with the entity's other expressions (<see cref="ExpressionRules"/>).
/// </summary>
internal static class DefaultValues
{
    public static string? Read(string type, JsonElement? requested, StoredField? existing, string path, Problems problems)
    {
        if (requested is not { } json)
        {
            return existing is null ? null : MetadataJson.ReadDefaultValue(existing.Settings);
        }

        if (json.ValueKind != JsonValueKind.String)
        {
            problems.Add(path, "A default value is an expression written as a JSON string, such as \"'open'\", \"0\" or \"now()\"; an empty string removes it.");
            return null;
        }

        var text = json.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        if (!FieldType.CanHaveDefault(type))
        {
            problems.Add(path, $"A {type} field cannot have a default value: its value is computed, assigned or holds several choices.");
            return null;
        }

        return text;
    }
}
