using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Computes an entity's formula fields over a record's values as a write leaves them, so that reads return stored
/// values and the index table can filter and sort on indexed formulas. A formula that cannot be computed (a division
/// by zero, a number too large) is stored empty and does not fail the write: the person saving cannot fix a formula,
/// so their change is kept, as Salesforce shows #Error! in the field instead of refusing the save.
/// </summary>
internal sealed partial class RecordFormulas(IExpressionCompiler compiler, ILogger<RecordFormulas> logger)
{
    /// <summary>Sets every formula's value in <paramref name="values"/> (keyed by field id) and answers the formulas whose value changed.</summary>
    public IReadOnlyList<FieldDefinition> Compute(EntityDefinition entity, Dictionary<Guid, JsonNode?> values, ExpressionContext context)
    {
        var formulas = entity.Fields.Where(f => f is { Type: Formula, Settings: FormulaSettings }).ToList();
        if (formulas.Count == 0)
        {
            return [];
        }

        var scope = ExpressionScope.Of(entity);
        var compiled = formulas.ToDictionary(f => f.Id, f => Compile(scope, f));
        var inputs = entity.Fields.ToDictionary(f => f.ApiName, f => ComputedValues.ToExpression(values.GetValueOrDefault(f.Id)), StringComparer.Ordinal);
        var results = formulas.ToDictionary(f => f.Id, _ => (JsonNode?)null);
        foreach (var formula in FormulaOrder.Of([.. formulas.Select(f => (f, (IReadOnlyList<string>)(compiled[f.Id].Expression?.ReadsFields ?? [])))]))
        {
            var result = Evaluate(entity, formula, compiled[formula.Id], inputs, context);
            results[formula.Id] = result;
            inputs[formula.ApiName] = ComputedValues.ToExpression(result);
        }

        var changed = new List<FieldDefinition>();
        foreach (var formula in formulas)
        {
            if (!JsonNode.DeepEquals(values.GetValueOrDefault(formula.Id), results[formula.Id]))
            {
                changed.Add(formula);
            }

            values[formula.Id] = results[formula.Id];
        }

        return changed;
    }

    private ExpressionCompilation Compile(ExpressionScope scope, FieldDefinition formula)
    {
        var settings = formula.GetSettings<FormulaSettings>();
        return compiler.Compile(scope.Without(formula.ApiName), settings.Expression, ExpressionTypes.OfResultType(settings.ResultType));
    }

    private JsonNode? Evaluate(EntityDefinition entity, FieldDefinition formula, ExpressionCompilation compilation, Dictionary<string, object?> inputs, ExpressionContext context)
    {
        var result = compilation.Expression?.Evaluate(inputs, context);
        var why = compilation.Error?.Message ?? result!.Error;
        var stored = why is null ? ComputedValues.ToStored(result!.Value, out why) : null;
        if (why is not null)
        {
            LogNoValue(entity.ApiName, formula.ApiName, why);
        }

        return stored;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Formula {Entity}.{Formula} gave no value: {Reason}")]
    private partial void LogNoValue(string entity, string formula, string reason);
}
