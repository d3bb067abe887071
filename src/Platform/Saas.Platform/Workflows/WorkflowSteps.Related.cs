using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Records;

namespace Saas.Platform.Workflows;

internal sealed partial class WorkflowSteps
{
    /// <summary>
    /// Updates the record the step's lookup field points to, through the record service as any write (validation,
    /// history, index rows, roll-ups, the target entity's triggers one level deeper). Its effect row commits with the
    /// write and the run's advance, so a retry of the step after that finds it and does not write again; the write names
    /// the version it read, so a concurrent change of the related record makes the step retry on the fresh record
    /// rather than lose that change (an increment is computed on what was read). An empty lookup skips the step.
    /// </summary>
    private async Task<StepResult> UpdateRelatedAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(context.Run.Entity) is not { } entity)
        {
            return StepResult.Fail($"The entity '{context.Run.Entity}' no longer exists.", retry: false);
        }

        var (lookup, target, why) = WorkflowRelated.Resolve(snapshot, entity, step.Record);
        if (why is not null)
        {
            return StepResult.Fail(why, retry: false);
        }

        var next = context.Plan.Next(step.Id!);
        var pointer = context.Record.GetValueOrDefault(lookup!.ApiName);
        if (pointer is null || (pointer is string text && string.IsNullOrWhiteSpace(text)))
        {
            return StepResult.GoTo(next, JsonSerializer.Serialize(
                new { skipped = true, record = lookup.ApiName, reason = $"'{lookup.ApiName}' is empty: there is no related {target!.ApiName} record to update." }, WorkflowDocument.Json));
        }

        if (!Guid.TryParse(pointer.ToString(), out var id))
        {
            return StepResult.Fail($"'{lookup.ApiName}' holds '{pointer}', which is not a record id.", retry: false);
        }

        var read = await records.GetAsync(target!.ApiName, id, cancellationToken);
        if (read.Value is not { } related)
        {
            return StepResult.Fail($"The related {target.ApiName} record {id} ('{lookup.ApiName}') could not be read: {read.Title}: {read.Detail}", retry: false);
        }

        var values = new JsonObject();
        var scope = WorkflowRelated.Scope(target, entity, context.Plan.Variables);
        var known = WorkflowRelated.Values(
            related.Values.ToDictionary(v => v.Key, v => ComputedValues.ToExpression(v.Value), StringComparer.Ordinal), context.Record, context.Run.Variables, context.Plan.Variables);
        foreach (var (field, expression) in step.Values!)
        {
            var compiled = expressions.Compile(scope, WorkflowRelated.Rewrite(expression));
            var result = compiled.Succeeded ? compiled.Expression!.Evaluate(known, new Expressions.ExpressionContext(context.Now)) : null;
            var error = compiled.Error?.Message ?? result!.Error;
            var stored = error is null ? ComputedValues.ToStored(result!.Value, out error) : null;
            if (error is not null)
            {
                return StepResult.Fail($"{field}: {error}", retry: false);
            }

            values[field] = stored;
        }

        AddEffect(step, context, WorkflowEffects.RecordUpdated, new JsonObject { ["entity"] = target.ApiName, ["id"] = id.ToString(), ["values"] = values.DeepClone() }.ToJsonString());
        var outcome = await records.UpdateAsync(target.ApiName, id, values, [related.Version], Actor(context), cancellationToken);
        return outcome.Status switch
        {
            RecordStatus.Ok => StepResult.GoTo(next, new JsonObject
            {
                ["entity"] = target.ApiName, ["id"] = id.ToString(), ["version"] = outcome.Value!.Version, ["values"] = values.DeepClone(),
            }.ToJsonString()),
            RecordStatus.Conflict or RecordStatus.PreconditionFailed => StepResult.Fail($"The related {target.ApiName} record {id} changed at the same time; the step runs again on its new values.", retry: true),
            RecordStatus.Invalid => StepResult.Fail($"The related {target.ApiName} record {id} was not updated: {JsonSerializer.Serialize(outcome.Errors, WorkflowDocument.Json)}", retry: false),
            _ => StepResult.Fail($"The related {target.ApiName} record {id} was not updated: {outcome.Title}: {outcome.Detail}", retry: false),
        };
    }
}
