using Saas.Platform.Expressions;

namespace Saas.Platform.Metadata;

/// <summary>The shape of a formula's settings. The expression itself is compiled later, against the entity's other fields.</summary>
internal static class FormulaRules
{
    public static FormulaSettings? Read(FormulaSettingsInput input, string path, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(input.Expression))
        {
            problems.Add(Problems.Path(path, "expression"), "The expression is required, such as \"amount mul probability div 100\".");
        }
        else if (input.Expression.Length > ExpressionLimits.MaxLength)
        {
            problems.Add(Problems.Path(path, "expression"), $"The expression is longer than {ExpressionLimits.MaxLength} characters.");
        }

        if (ExpressionTypes.OfResultType(input.ResultType) is null)
        {
            problems.Add(Problems.Path(path, "resultType"), $"The resultType is required; one of: {string.Join(", ", ExpressionTypes.FormulaResultTypes)}.");
        }

        return problems.Any ? null : new FormulaSettings(input.Expression!, input.ResultType!);
    }
}
