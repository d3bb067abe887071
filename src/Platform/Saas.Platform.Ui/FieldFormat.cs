using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;

namespace Saas.Platform.Ui;

/// <summary>How a field's JSON value reads on a page, in the person's language and culture.</summary>
public static class FieldFormat
{
    public static string Display(FieldDefinition field, JsonNode? value, string yes, string no)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (value is null)
        {
            return string.Empty;
        }

        var type = field.Settings is FormulaSettings formula ? formula.ResultType : field.Type;
        return type switch
        {
            FieldType.Picklist => PicklistLabel(field, value.GetValue<string>()),
            FieldType.MultiPicklist when value is JsonArray items => string.Join(", ", items.Select(i => PicklistLabel(field, i?.GetValue<string>() ?? string.Empty))),
            FieldType.Boolean when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? yes : no,
            FieldType.Number or FieldType.Currency or FieldType.Percent when value.GetValueKind() == JsonValueKind.Number =>
                value.GetValue<decimal>().ToString(type == FieldType.Currency ? "N2" : "G", CultureInfo.CurrentCulture) + (type == FieldType.Percent ? " %" : string.Empty),
            FieldType.DateTime when DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) =>
                at.ToString("g", CultureInfo.CurrentCulture),
            _ when value is JsonObject reference => reference["name"]?.ToString() ?? reference["id"]?.ToString() ?? string.Empty,
            _ => value is JsonValue ? value.ToString() : value.ToJsonString(),
        };
    }

    public static string PicklistLabel(FieldDefinition field, string apiName)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Settings is PicklistSettings picklist && picklist.Values.FirstOrDefault(v => v.ApiName == apiName) is { } choice
            ? Localized.Text(choice.Label, apiName)
            : apiName;
    }

    /// <summary>Whether a query can filter and sort on the field: it is kept in the index table by type.</summary>
    public static bool IsQueryable(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Indexed && field.Type is FieldType.Text or FieldType.Email or FieldType.Phone or FieldType.Url or FieldType.Picklist
            or FieldType.AutoNumber or FieldType.Number or FieldType.Currency or FieldType.Percent or FieldType.Date or FieldType.DateTime
            or FieldType.Boolean or FieldType.Lookup or FieldType.Owner;
    }
}
