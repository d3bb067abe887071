using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Expressions;

/// <summary>How field types and formula result types map to the types of the expression language.</summary>
public static class ExpressionTypes
{
    /// <summary>The result types a formula may declare, as the API spells them.</summary>
    public static readonly IReadOnlyList<string> FormulaResultTypes = [Text, Number, Currency, Percent, Date, FieldType.DateTime, FieldType.Boolean];

    /// <summary>The expression type of a field, or null when expressions cannot read it.</summary>
    public static ExpressionType? OfField(string fieldType, FieldSettings? settings) => fieldType switch
    {
        Formula => settings is FormulaSettings formula ? OfResultType(formula.ResultType) : null,
        Rollup => settings is RollupSettings rollup ? OfResultType(rollup.ResultType) : null,
        _ => OfStoredType(fieldType),
    };

    /// <summary>The expression type of a formula's result type (a field type name), or null when it is not one.</summary>
    public static ExpressionType? OfResultType(string? resultType) =>
        resultType is not null && FormulaResultTypes.Contains(resultType) ? OfStoredType(resultType) : null;

    internal static string WhyUnreadable(string fieldType) => fieldType switch
    {
        MultiPicklist => "a multiPicklist field holds several values, and expressions work on single values",
        Rollup => "this roll-up's settings are incomplete",
        _ => $"a {fieldType} field cannot be read by expressions",
    };

    private static ExpressionType? OfStoredType(string fieldType) => fieldType switch
    {
        Text or LongText or Email or Phone or Url or Picklist or AutoNumber => ExpressionType.Text,
        Number or Currency or Percent => ExpressionType.Number,
        Date => ExpressionType.Date,
        FieldType.DateTime => ExpressionType.DateTime,
        FieldType.Boolean => ExpressionType.Boolean,
        Lookup or Owner => ExpressionType.Id,
        _ => null,
    };
}
