using System.Globalization;
using Saas.Platform.Metadata;

namespace Saas.Platform.Ui;

/// <summary>One condition of a list page's filter, written as the OData <c>$filter</c> the API takes.</summary>
public sealed record ListFilter(string Field, string Operator, string Value)
{
    public static readonly IReadOnlyList<string> TextOperators = ["contains", "startswith", "eq", "ne"];
    public static readonly IReadOnlyList<string> ValueOperators = ["eq", "ne", "gt", "lt"];

    /// <summary>The OData text, or null with <paramref name="error"/> when the value does not fit the field's type.</summary>
    public string? ToOData(FieldDefinition? field, out string? error)
    {
        error = null;
        var type = field?.Type ?? FieldType.Text;
        switch (type)
        {
            case FieldType.Number or FieldType.Currency or FieldType.Percent:
                if (!decimal.TryParse(Value, NumberStyles.Number, CultureInfo.CurrentCulture, out var number)
                    && !decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out number))
                {
                    error = Value;
                    return null;
                }

                return $"{Field} {Comparison()} {number.ToString(CultureInfo.InvariantCulture)}";
            case FieldType.Date or FieldType.DateTime:
                if (!DateOnly.TryParse(Value, CultureInfo.CurrentCulture, out var date) && !DateOnly.TryParse(Value, CultureInfo.InvariantCulture, out date))
                {
                    error = Value;
                    return null;
                }

                return $"{Field} {Comparison()} {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            case FieldType.Boolean:
                return $"{Field} {(Operator == "ne" ? "ne" : "eq")} {(Value.Trim().ToLowerInvariant() is "true" or "yes" or "1" or "是" ? "true" : "false")}";
            default:
                var text = $"'{Value.Replace("'", "''", StringComparison.Ordinal)}'";
                return Operator switch
                {
                    "contains" => $"contains({Field},{text})",
                    "startswith" => $"startswith({Field},{text})",
                    "ne" => $"{Field} ne {text}",
                    _ => $"{Field} eq {text}",
                };
        }
    }

    private string Comparison() => Operator is "ne" or "gt" or "lt" ? Operator : "eq";

    public static bool IsTextual(FieldDefinition? field) =>
        field is null || field.Type is FieldType.Text or FieldType.Email or FieldType.Phone or FieldType.Url or FieldType.Picklist or FieldType.AutoNumber;
}
