using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Picklist values must be values of the field, named by api name in any case and stored as the field spells them.
/// A new value must be active; an inactive value the record holds already may stay, so old records can still be edited.
/// </summary>
internal static class PicklistChoices
{
    public static void Check(EntityDefinition entity, Dictionary<Guid, JsonNode?> values, IReadOnlyDictionary<Guid, JsonNode?>? current, Problems problems)
    {
        foreach (var field in entity.Fields.Where(f => f.Type is Picklist or MultiPicklist && values.GetValueOrDefault(f.Id) is not null))
        {
            var choices = field.GetSettings<PicklistSettings>().Values;
            var held = Names(current?.GetValueOrDefault(field.Id));
            var chosen = new List<string>();
            foreach (var name in Names(values[field.Id]))
            {
                var choice = choices.FirstOrDefault(c => string.Equals(c.ApiName, name, StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    problems.Add(field.ApiName, $"{field.ApiName} has no value '{name}'; the active values are: {Active(choices)}.");
                }
                else if (!choice.IsActive && !held.Contains(choice.ApiName, StringComparer.Ordinal))
                {
                    problems.Add(field.ApiName, $"The value '{choice.ApiName}' of {field.ApiName} is inactive; the active values are: {Active(choices)}.");
                }
                else if (chosen.Contains(choice.ApiName, StringComparer.Ordinal))
                {
                    problems.Add(field.ApiName, $"{field.ApiName} holds '{choice.ApiName}' more than once; each value may appear once.");
                }
                else
                {
                    chosen.Add(choice.ApiName);
                }
            }

            values[field.Id] = field.Type == Picklist
                ? JsonValue.Create(chosen.FirstOrDefault())
                : new JsonArray([.. chosen.Select(c => (JsonNode)JsonValue.Create(c))]);
        }
    }

    private static List<string> Names(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array => [.. array.Select(v => v!.GetValue<string>())],
        _ => [value.GetValue<string>()],
    };

    private static string Active(IEnumerable<PicklistValue> choices) =>
        string.Join(", ", choices.Where(c => c.IsActive).Select(c => c.ApiName));
}
