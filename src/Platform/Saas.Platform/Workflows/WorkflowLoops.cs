using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Querying;
using Saas.Platform.Records;

namespace Saas.Platform.Workflows;

/// <summary>
/// <c>forEach</c> loops. A loop's state (the ids of the related records, taken once when the loop starts, and the index of
/// the current one) is kept in the run's variables under <c>$loops</c>, saved with each step's advance, so a run stopped
/// mid-loop goes on with the same item after a restart. Steps in the body read the item as <c>item.field</c>; their
/// effects are kept per item (<c>step#index</c>), so each iteration's side effect happens once.
/// </summary>
internal sealed partial class WorkflowLoops(IRecordQueryService queries, IRecordService records, IMetadataService metadata, IOptions<WorkflowOptions> options)
{
    public const string State = "$loops";
    private const string ItemPrefix = "item_";

    /// <summary>Starts the loop, or moves it to its next item after the body ran; answers where the run goes on.</summary>
    public async Task<StepResult> StepAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var variables = JsonNode.Parse(context.Run.Variables) as JsonObject ?? [];
        var loops = variables[State] as JsonObject ?? [];
        variables[State] = loops;
        if (loops[step.Id!] is JsonObject state)
        {
            var ids = state["ids"]!.AsArray();
            var index = state["index"]!.GetValue<int>() + 1;
            if (index < ids.Count)
            {
                state["index"] = index;
                context.Run.Variables = variables.ToJsonString();
                return StepResult.GoTo(step.Do![0].Id, $"{{\"index\":{index},\"item\":\"{ids[index]}\"}}");
            }

            loops.Remove(step.Id!);
            context.Run.Variables = variables.ToJsonString();
            return StepResult.GoTo(context.Plan.Next(step.Id!), $"{{\"items\":{ids.Count},\"done\":true}}");
        }

        if (context.Run.RecordId is not { } recordId)
        {
            return StepResult.Fail("The run has no record whose related records to loop over.", retry: false);
        }

        var bound = options.Value.MaxForEachItems;
        var filter = $"{step.Lookup} eq {recordId}" + (string.IsNullOrWhiteSpace(step.Filter) ? string.Empty : $" and ({step.Filter})");
        var found = await queries.QueryAsync(step.Entity!, new RecordQuery(Filter: filter, Top: (bound + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        if (found.Page is not { } page)
        {
            return StepResult.Fail($"The related {step.Entity} records could not be read: {found.Forbidden ?? (found.EntityNotFound ? "the entity is gone" : string.Join("; ", found.Errors?.SelectMany(e => e.Value) ?? []))}", retry: false);
        }

        if (page.Records.Count > bound)
        {
            return StepResult.Fail(
                $"More than {bound} {step.Entity} records are related to this record through '{step.Lookup}'; a loop takes at most {bound} and does not leave any out.",
                retry: false);
        }

        if (page.Records.Count == 0)
        {
            return StepResult.GoTo(context.Plan.Next(step.Id!), "{\"items\":0,\"done\":true}");
        }

        loops[step.Id!] = new JsonObject { ["index"] = 0, ["ids"] = new JsonArray([.. page.Records.Select(r => JsonValue.Create(IdOf(r)))]) };
        context.Run.Variables = variables.ToJsonString();
        return StepResult.GoTo(step.Do![0].Id, $"{{\"items\":{page.Records.Count},\"index\":0,\"item\":\"{IdOf(page.Records[0])}\"}}");
    }

    private static string IdOf(JsonObject record) =>
        record["id"] is JsonValue value && value.TryGetValue<Guid>(out var id) ? id.ToString() : record["id"]!.ToString();

    /// <summary>The context of a step in a loop body: its item (read now) and the per-item key of its effects.</summary>
    public async Task<StepContext> WithItemAsync(StepContext context, WorkflowStep step, CancellationToken cancellationToken)
    {
        if (context.Plan.LoopOf(step.Id!) is not { } loop
            || (JsonNode.Parse(context.Run.Variables) as JsonObject)?[State]?[loop.Id!] is not JsonObject state)
        {
            return context;
        }

        var index = state["index"]!.GetValue<int>();
        var id = Guid.Parse(state["ids"]![index]!.GetValue<string>());
        var entity = (await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(loop.Entity!);
        var view = (await records.GetAsync(loop.Entity!, id, cancellationToken)).Value;
        var item = view is not null
            ? view.Values.ToDictionary(v => v.Key, v => ComputedValues.ToExpression(v.Value), StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        item["id"] = id.ToString();
        return context with { Item = item, ItemEntity = entity, ItemVersion = view?.Version, EffectKey = $"{step.Id}#{index}" };
    }

    /// <summary>The key of a step's effects in a run: per item inside a loop.</summary>
    public static string EffectKey(WorkflowPlan plan, string variables, string stepId) =>
        plan.LoopOf(stepId) is { } loop && (JsonNode.Parse(variables) as JsonObject)?[State]?[loop.Id!]?["index"] is JsonNode index
            ? $"{stepId}#{index.GetValue<int>()}"
            : stepId;

    /// <summary>An expression with <c>item.field</c> written as the names the compiler knows (<c>item_field</c>); text in quotes is left alone.</summary>
    public static string Rewrite(string text) => ItemReference().Replace(text, m => m.Groups[1].Success ? ItemPrefix + m.Groups[1].Value : m.Value);

    /// <summary>The item's fields as expression names.</summary>
    public static IEnumerable<ExpressionField> ItemFields(EntityDefinition entity) =>
        ExpressionScope.Of(entity).Fields.Select(f => f with { ApiName = ItemPrefix + f.ApiName });

    public static IEnumerable<KeyValuePair<string, object?>> ItemValues(IReadOnlyDictionary<string, object?> item) =>
        item.Select(p => KeyValuePair.Create(ItemPrefix + p.Key, p.Value));

    [GeneratedRegex(@"'(?:[^']|'')*'|\bitem\.([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ItemReference();
}
