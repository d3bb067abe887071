using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

/// <summary>
/// Evaluates an entity's active validation rules over a record as the write would leave it: the stored values, the
/// written ones over them, default values, and formulas computed from those. (Auto-numbers are assigned when the
/// record is inserted, after validation, so a rule reads a new record's auto-number as null.) Each rule whose error
/// condition is true adds its message under its error field, or under <see cref="ValidationRuleDefinition.RecordKey"/>.
/// A rule reading a field that already failed its own checks is skipped: its verdict would rest on a value that is not
/// the one written.
/// </summary>
internal sealed partial class RecordRules(IExpressionCompiler compiler, RecordFormulas formulas, ILogger<RecordRules> logger)
{
    public void Check(
        EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> written, IReadOnlyDictionary<Guid, JsonNode?>? current, ExpressionContext context, Problems problems)
    {
        var rules = entity.Rules.Where(r => r.Active).ToList();
        if (rules.Count == 0)
        {
            return;
        }

        var values = current is null ? new Dictionary<Guid, JsonNode?>() : new Dictionary<Guid, JsonNode?>(current);
        foreach (var (id, value) in written)
        {
            values[id] = value;
        }

        formulas.Compute(entity, values, context);
        var inputs = entity.Fields.ToDictionary(f => f.ApiName, f => ComputedValues.ToExpression(values.GetValueOrDefault(f.Id)), StringComparer.Ordinal);
        var refused = problems.ToDictionary();
        foreach (var rule in rules)
        {
            var compilation = compiler.Compile(entity, rule.ErrorCondition, ExpressionType.Boolean);
            if (compilation.Expression is not { } condition)
            {
                // Field deletes and type changes that would break a rule are refused, so this is a rule saved before a
                // change the checks did not foresee: it cannot judge the record, and the admin sees it in the log.
                LogBroken(entity.ApiName, rule.ApiName, compilation.Error!.Message);
                continue;
            }

            if (condition.ReadsFields.Any(refused.ContainsKey))
            {
                continue;
            }

            var key = rule.ErrorField ?? ValidationRuleDefinition.RecordKey;
            var result = condition.Evaluate(inputs, context);
            if (result.Error is { } error)
            {
                problems.Add(key, $"The validation rule '{rule.ApiName}' could not be checked: {error}.");
            }
            else if (result.Value is true)
            {
                problems.Add(key, rule.MessageFor(CultureInfo.CurrentUICulture));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation rule {Entity}.{Rule} does not compile and was not checked: {Reason}")]
    private partial void LogBroken(string entity, string rule, string reason);
}
