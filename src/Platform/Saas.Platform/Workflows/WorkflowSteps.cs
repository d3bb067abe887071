using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>
/// Runs one step of each kind. Side effects are recorded as effect rows added to the scoped context before the effect:
/// a record write saves them in its own transaction; mail is saved with the run's advance and delivered after.
/// </summary>
internal sealed partial class WorkflowSteps(
    TenantDbContext db, IRecordService records, IMetadataService metadata, IExpressionCompiler expressions, TeamService teams, MemberService members, WorkflowWebhooks webhooks, WorkflowLoops loops)
{
    public async Task<StepResult> RunAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken) => step.Type switch
    {
        WorkflowNames.If => await IfAsync(step, context, cancellationToken),
        WorkflowNames.UpdateFields when step.Record is WorkflowNames.Item && context.ItemEntity is not null => await UpdateItemAsync(step, context, cancellationToken),
        WorkflowNames.UpdateFields when step.Record is not null => await UpdateRelatedAsync(step, context, cancellationToken),
        WorkflowNames.UpdateFields => await UpdateAsync(step, context, cancellationToken),
        WorkflowNames.CreateRecord => await CreateAsync(step, context, cancellationToken),
        WorkflowNames.SendEmail => await MailAsync(step, context),
        WorkflowNames.Wait when step.Until is not null => await WaitUntilAsync(step, context, cancellationToken),
        WorkflowNames.Wait => Wait(step, context),
        WorkflowNames.CreateTask => await TaskAsync(step, context, cancellationToken),
        WorkflowNames.Approval => Approval(step, context),
        WorkflowNames.AssignOwner => await AssignAsync(step, context, cancellationToken),
        WorkflowNames.CallWebhook => await WebhookAsync(step, context, cancellationToken),
        WorkflowNames.ForEach => await loops.StepAsync(step, context, cancellationToken),
        WorkflowNames.Stop => StepResult.GoTo(null, "{\"stopped\":true}"),
        _ => StepResult.Fail($"Unknown step type '{step.Type}'.", retry: false),
    };

    private async Task<StepResult> IfAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var (value, error) = await EvaluateAsync(step.Condition!, context, cancellationToken);
        if (error is not null)
        {
            return StepResult.Fail($"The condition could not be evaluated: {error}", retry: false);
        }

        var holds = value is true;
        return StepResult.GoTo(context.Plan.Enter(holds ? step.Then : step.Else, step.Id!), holds ? "{\"branch\":\"then\"}" : "{\"branch\":\"else\"}");
    }

    private async Task<StepResult> UpdateAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var (values, error) = await ValuesAsync(step.Values!, context, cancellationToken);
        if (error is not null || context.Run.RecordId is not { } id)
        {
            return StepResult.Fail(error ?? "The run has no record to update.", retry: false);
        }

        AddEffect(step, context, WorkflowEffects.RecordUpdated, values!.ToJsonString());
        return Updated(step, context, await records.UpdateAsync(context.Run.Entity, id, values, null, Actor(context), cancellationToken), v => $"{{\"version\":{v.Version}}}");
    }

    private async Task<StepResult> CreateAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var (values, error) = await ValuesAsync(step.Values!, context, cancellationToken);
        if (error is not null)
        {
            return StepResult.Fail(error, retry: false);
        }

        AddEffect(step, context, WorkflowEffects.RecordCreated, values!.ToJsonString());
        return Answer(step, context, await records.CreateAsync(step.Entity!, values, Actor(context), cancellationToken), v => $"{{\"id\":\"{v.Id}\"}}");
    }

    private async Task<StepResult> MailAsync(WorkflowStep step, StepContext context)
    {
        var model = Model(context);
        var to = (await RenderAsync(step.To!, model)).Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(to, out _))
        {
            return StepResult.Fail($"The recipient '{to}' is not an email address.", retry: false);
        }

        var mail = new MailEffect(to, (await RenderAsync(step.Subject!, model)).Trim(), await RenderAsync(step.Body!, model));
        AddEffect(step, context, WorkflowEffects.Mail, JsonSerializer.Serialize(mail, WorkflowDocument.Json));
        return StepResult.GoTo(context.Plan.Next(step.Id!), JsonSerializer.Serialize(new { mail.To, mail.Subject }, WorkflowDocument.Json));
    }

    /// <summary>Maps the answer of the call the runner made before this step's transaction (kept in the outbox) to run variables.</summary>
    private async Task<StepResult> WebhookAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        if (await webhooks.DeliveredAsync(context.Run.Id, context.KeyOf(step), cancellationToken) is not { } call)
        {
            return StepResult.Fail("The webhook's answer is not in the outbox.", retry: true);
        }

        context.Run.Variables = WebhookOutputs.Apply(context.Run.Variables, call, step.Map);
        var mapped = JsonNode.Parse(context.Run.Variables)!.AsObject();
        var output = new JsonObject { ["status"] = call.Status, ["variables"] = new JsonObject([.. (step.Map?.Keys ?? []).Select(k => KeyValuePair.Create(k, mapped[k]?.DeepClone()))]) };
        return StepResult.GoTo(context.Plan.Next(step.Id!), output.ToJsonString());
    }

    private static StepResult Wait(WorkflowStep step, StepContext context)
    {
        if (!WorkflowValidator.TryParseDuration(step.Duration, out var duration))
        {
            return StepResult.Fail($"The wait's duration '{step.Duration}' is not a duration.", retry: false);
        }

        var due = context.Now + duration;
        return StepResult.Wait(context.Plan.Next(step.Id!), due, null, $"{{\"until\":\"{due:O}\"}}");
    }

    /// <summary>
    /// Waits until a date or dateTime field of the record plus an optional offset; a date counts from midnight UTC. An
    /// empty field or a moment already past goes on at once, and the step's output says which.
    /// </summary>
    private async Task<StepResult> WaitUntilAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var offset = TimeSpan.Zero;
        if (step.Offset is not null && !WorkflowValidator.TryParseOffset(step.Offset, out offset))
        {
            return StepResult.Fail($"The wait's offset '{step.Offset}' is not a duration.", retry: false);
        }

        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(context.Run.Entity)?.FindField(step.Until!) is not { Type: FieldType.Date or FieldType.DateTime } field)
        {
            return StepResult.Fail($"'{context.Run.Entity}' has no date or dateTime field '{step.Until}'.", retry: false);
        }

        var next = context.Plan.Next(step.Id!);
        if (!TryReadMoment(context.Record.GetValueOrDefault(field.ApiName), out var moment))
        {
            return StepResult.GoTo(next, $"{{\"until\":null,\"reason\":\"{field.ApiName} is empty\"}}");
        }

        var due = moment + offset;
        return due <= context.Now
            ? StepResult.GoTo(next, $"{{\"until\":\"{due:O}\",\"reason\":\"already past\"}}")
            : StepResult.Wait(next, due, null, $"{{\"until\":\"{due:O}\"}}");
    }

    /// <summary>
    /// Creates a task: a record of the step's entity (the core pack's <c>activity</c> unless it names another) with a
    /// subject, an optional description, <c>activityType</c> 'task' when the entity has it, a due moment, the assignee as
    /// owner, and a link to the run's record through the entity's first lookup to the run's entity.
    /// </summary>
    private async Task<StepResult> TaskAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(step.Entity ?? CoreActivities.Entity) is not { } entity)
        {
            return StepResult.Fail($"There is no entity '{step.Entity ?? CoreActivities.Entity}' to create the task in.", retry: false);
        }

        var model = Model(context);
        var values = new JsonObject { [CoreActivities.Subject] = (await RenderAsync(step.Subject!, model)).Trim() };
        if (step.Body is not null && entity.FindField(CoreActivities.Description) is not null)
        {
            values[CoreActivities.Description] = await RenderAsync(step.Body, model);
        }

        if (entity.FindField(CoreActivities.Type) is { Type: FieldType.Picklist })
        {
            values[CoreActivities.Type] = CoreActivities.Task;
        }

        if (step.Due is not null && WorkflowValidator.TryParseDuration(step.Due, out var due) && entity.FindField(CoreActivities.DueAt) is { } dueField)
        {
            var at = context.Now + due;
            values[dueField.ApiName] = dueField.Type == FieldType.Date
                ? at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        var (assignee, why) = await AssigneeAsync(step, context, cancellationToken);
        if (why is not null)
        {
            return StepResult.Fail(why, retry: false);
        }

        if (assignee is { } owner)
        {
            values[RecordValidator.OwnerField] = owner.ToString();
        }

        if (context.Run.RecordId is { } recordId && CoreActivities.LookupTo(entity, context.Run.Entity) is { } link)
        {
            values[link.ApiName] = recordId.ToString();
        }

        AddEffect(step, context, WorkflowEffects.RecordCreated, values.ToJsonString());
        return Answer(step, context, await records.CreateAsync(entity.ApiName, values, Actor(context), cancellationToken), v => $"{{\"id\":\"{v.Id}\",\"entity\":\"{entity.ApiName}\",\"ownerId\":{(assignee is null ? "null" : $"\"{assignee}\"")}}}");
    }

    private async Task<(Guid? UserId, string? Error)> AssigneeAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        if (step.Assignee is null || string.Equals(step.Assignee, TaskAssignee.RecordOwner, StringComparison.OrdinalIgnoreCase))
        {
            return context.Run.RecordId is { } id && (await records.GetAsync(context.Run.Entity, id, cancellationToken)).Value is { } record
                ? (record.OwnerId, null)
                : (null, null);
        }

        var member = WorkflowApprovers.Find(await members.ListAsync(context.TenantId, cancellationToken), step.Assignee);
        return member is null ? (null, $"The assignee '{step.Assignee}' is no longer a member of this tenant.") : (member.UserId, null);
    }

    private static bool TryReadMoment(object? value, out DateTimeOffset moment)
    {
        switch (value)
        {
            case DateTimeOffset at:
                moment = at;
                return true;
            case DateTime at:
                moment = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
                return true;
            case DateOnly day:
                moment = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                return true;
            case string text:
                return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out moment);
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return DateTimeOffset.TryParse(element.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out moment);
            default:
                moment = default;
                return false;
        }
    }

    internal static TemplateContext Model(StepContext context)
    {
        var model = new TemplateContext();
        model.SetValue("record", context.Record.ToDictionary(p => p.Key, p => Plain(p.Value)));
        model.SetValue("variables", JsonSerializer.Deserialize<Dictionary<string, object?>>(context.Run.Variables, WorkflowDocument.Json)?
            .ToDictionary(p => p.Key, p => p.Value is JsonElement e ? Plain(e) : p.Value) ?? []);
        model.SetValue("workflow", context.Plan.Name);
        if (context.Item is { } item)
        {
            model.SetValue("item", item.ToDictionary(p => p.Key, p => Plain(p.Value)));
        }

        return model;
    }

    private static StepResult Approval(WorkflowStep step, StepContext context)
    {
        DateTimeOffset? due = WorkflowValidator.TryParseDuration(step.Timeout, out var timeout) ? context.Now + timeout : null;
        var bookmark = JsonSerializer.Serialize(new ApprovalBookmark(step.Id!, step.Approvers ?? []), WorkflowDocument.Json);
        return StepResult.Wait(step.Id, due, bookmark, JsonSerializer.Serialize(new { approvers = step.Approvers, timeoutAt = due }, WorkflowDocument.Json));
    }

    private async Task<StepResult> AssignAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        if (step.Team is not { } teamId || await teams.FindAsync(context.TenantId, teamId, cancellationToken) is not { Members.Count: > 0 } team || context.Run.RecordId is not { } id)
        {
            return StepResult.Fail($"The team {step.Team} is gone or has no members, or the run has no record.", retry: false);
        }

        // Round robin: the n-th assignment of this step of this workflow goes to the n-th member, in the order they joined.
        // The step runs in a transaction; on PostgreSQL a lock held until its commit makes concurrent runs count in turn
        // (SQLite's write lock, taken when the transaction begins, already does).
        var workflowId = context.Run.WorkflowId;
        if (db.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"assignOwner/{workflowId}/{step.Id}")), 0);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }

        var assigned = await db.WorkflowEffects.CountAsync(
            e => e.Kind == WorkflowEffects.Owner && e.StepId == step.Id && db.WorkflowRuns.Any(r => r.Id == e.RunId && r.WorkflowId == workflowId), cancellationToken);
        var owner = team.Members.OrderBy(m => m.AddedAt).ThenBy(m => m.UserId).ElementAt(assigned % team.Members.Count);
        AddEffect(step, context, WorkflowEffects.Owner, $"{{\"ownerId\":\"{owner.UserId}\"}}");
        var values = new JsonObject { ["ownerId"] = owner.UserId.ToString() };
        return Updated(step, context, await records.UpdateAsync(context.Run.Entity, id, values, null, Actor(context), cancellationToken), _ => $"{{\"ownerId\":\"{owner.UserId}\",\"email\":\"{owner.Email}\"}}");
    }

    /// <summary>An update of the run's own record: its result carries the record as the update left it.</summary>
    private static StepResult Updated(WorkflowStep step, StepContext context, RecordOutcome<RecordView> outcome, Func<RecordView, string> output)
    {
        var result = Answer(step, context, outcome, output);
        return !result.Failed && outcome.Value is { } record ? result with { Record = StepContext.ValuesOf(record) } : result;
    }

    private static StepResult Answer(WorkflowStep step, StepContext context, RecordOutcome<RecordView> outcome, Func<RecordView, string> output)
    {
        return outcome.Status switch
        {
            RecordStatus.Ok or RecordStatus.Created => StepResult.GoTo(context.Plan.Next(step.Id!), output(outcome.Value!)),
            RecordStatus.Invalid => StepResult.Fail(JsonSerializer.Serialize(outcome.Errors, WorkflowDocument.Json), retry: false),
            RecordStatus.Conflict => StepResult.Fail(outcome.Detail ?? "The record changed at the same time.", retry: true),
            _ => StepResult.Fail($"{outcome.Title}: {outcome.Detail}", retry: false),
        };
    }

    private void AddEffect(WorkflowStep step, StepContext context, string kind, string payload) =>
        db.WorkflowEffects.Add(new StoredRunEffect
        {
            Id = Uuid.NewSequential(),
            RunId = context.Run.Id,
            StepId = context.KeyOf(step),
            Attempt = context.Run.Attempt,
            Kind = kind,
            Payload = payload,
            CreatedAt = context.Now,
        });

    private async Task<(JsonObject? Values, string? Error)> ValuesAsync(IReadOnlyDictionary<string, string> values, StepContext context, CancellationToken cancellationToken)
    {
        var result = new JsonObject();
        foreach (var (field, text) in values)
        {
            var (value, error) = await EvaluateAsync(text, context, cancellationToken);
            if (error is not null)
            {
                return (null, $"{field}: {error}");
            }

            result[field] = ComputedValues.ToStored(value, out var why);
            if (why is not null)
            {
                return (null, $"{field}: {why}");
            }
        }

        return (result, null);
    }

    private async Task<(object? Value, string? Error)> EvaluateAsync(string text, StepContext context, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(context.Run.Entity) is not EntityDefinition entity)
        {
            return (null, $"The entity '{context.Run.Entity}' no longer exists.");
        }

        var compiled = expressions.Compile(WorkflowScope.Of(entity, context.Plan.Variables, context.ItemEntity), context.ItemEntity is null ? text : WorkflowLoops.Rewrite(text));
        if (!compiled.Succeeded)
        {
            return (null, compiled.Error!.Message);
        }

        var result = compiled.Expression!.Evaluate(WorkflowScope.Values(context.Record, context.Run.Variables, context.Plan.Variables, context.Item), new ExpressionContext(context.Now));
        return (result.Value, result.Error);
    }

    private static RecordActor Actor(StepContext context) => new($"workflow:{context.Plan.Name}", null);

    internal static async Task<string> RenderAsync(string text, TemplateContext model) =>
        WorkflowValidator.Liquid.TryParse(text, out var template, out _) ? await template.RenderAsync(model) : text;

    private static object? Plain(object? value) => value is JsonElement element ? Plain(element) : value;

    private static object? Plain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal), // a webhook's body
        JsonValueKind.Array => element.EnumerateArray().Select(Plain).ToList(),
        _ => element.GetRawText(),
    };
}

/// <summary>The assignee of a <c>createTask</c> step that means the run's record's owner (the default).</summary>
internal static class TaskAssignee
{
    public const string RecordOwner = "owner";
}

/// <summary>What an approval waits for: its step and who may decide.</summary>
internal sealed record ApprovalBookmark(string Step, IReadOnlyList<string> Approvers);
