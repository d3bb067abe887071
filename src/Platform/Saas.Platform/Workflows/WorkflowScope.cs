using System.Text.Json.Nodes;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Records;

namespace Saas.Platform.Workflows;

/// <summary>
/// What a workflow's expressions read: the record's fields and the run variables its steps declare (validation keeps
/// their names apart from the fields), so a condition can test what a webhook answered.
/// </summary>
internal static class WorkflowScope
{
    /// <summary>The fields, the declared variables and, in a loop body, the item's fields (as <c>item_field</c>, see <see cref="WorkflowLoops.Rewrite"/>).</summary>
    public static ExpressionScope Of(EntityDefinition entity, IReadOnlyList<ExpressionField> variables, EntityDefinition? item = null)
    {
        var scope = ExpressionScope.Of(entity);
        var extra = variables.Where(v => entity.FindField(v.ApiName) is null)
            .Concat(item is null ? [] : WorkflowLoops.ItemFields(item).Where(f => entity.FindField(f.ApiName) is null))
            .ToList();
        return extra.Count == 0 ? scope : scope with { Fields = scope.Fields.AddRange(extra) };
    }

    public static IReadOnlyDictionary<string, object?> Values(
        IReadOnlyDictionary<string, object?> record, string variables, IReadOnlyList<ExpressionField> declared, IReadOnlyDictionary<string, object?>? item = null)
    {
        if (declared.Count == 0 && item is null)
        {
            return record;
        }

        var values = new Dictionary<string, object?>(record, StringComparer.Ordinal);
        foreach (var (name, value) in item is null ? [] : WorkflowLoops.ItemValues(item))
        {
            values.TryAdd(name, value);
        }

        var set = JsonNode.Parse(variables) as JsonObject;
        foreach (var variable in declared.Where(v => !record.ContainsKey(v.ApiName)))
        {
            values[variable.ApiName] = ComputedValues.ToExpression(set?[variable.ApiName]);
        }

        return values;
    }
}
