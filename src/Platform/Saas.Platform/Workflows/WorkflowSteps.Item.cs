using System.Text.Json.Nodes;
using Saas.Platform.Records;

namespace Saas.Platform.Workflows;

internal sealed partial class WorkflowSteps
{
    /// <summary>
    /// Updates the loop's current record (<c>record: item</c> in a <c>forEach</c> body), as Salesforce Flow's update of a
    /// loop variable: values in the body's scope (the run's record's fields, the item's as <c>item.field</c>), written
    /// through the record service with the version the step read, so a concurrent change makes the step retry on the
    /// fresh item instead of being lost. The effect is kept per item. An item deleted since the loop began is skipped.
    /// </summary>
    private async Task<StepResult> UpdateItemAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var entity = context.ItemEntity!.ApiName;
        var id = context.Item!["id"]!.ToString()!;
        var next = context.Plan.Next(step.Id!);
        if (context.ItemVersion is not { } version)
        {
            return StepResult.GoTo(next, new JsonObject
            {
                ["skipped"] = true, ["entity"] = entity, ["id"] = id, ["reason"] = $"The {entity} record {id} is no longer there to update.",
            }.ToJsonString());
        }

        var (values, error) = await ValuesAsync(step.Values!, context, cancellationToken);
        if (error is not null)
        {
            return StepResult.Fail(error, retry: false);
        }

        AddEffect(step, context, WorkflowEffects.RecordUpdated, new JsonObject { ["entity"] = entity, ["id"] = id, ["values"] = values!.DeepClone() }.ToJsonString());
        var outcome = await records.UpdateAsync(entity, Guid.Parse(id), values, [version], Actor(context), cancellationToken);
        return outcome.Status is RecordStatus.PreconditionFailed
            ? StepResult.Fail($"The {entity} record {id} changed at the same time; the step runs again on its new values.", retry: true)
            : Answer(step, context, outcome, v => new JsonObject { ["entity"] = entity, ["id"] = id, ["version"] = v.Version, ["values"] = values.DeepClone() }.ToJsonString());
    }
}
