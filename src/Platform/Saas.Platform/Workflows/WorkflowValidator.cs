using System.Globalization;
using System.Xml;
using Fluid;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using Saas.Platform.Security;

namespace Saas.Platform.Workflows;

/// <summary>
/// Checks a definition against the tenant's metadata, members and teams, and reports every problem at once, keyed by
/// the JSON path of what is wrong (<c>steps[1].then[0].values.amount</c>).
/// </summary>
internal sealed class WorkflowValidator(IMetadataService metadata, IExpressionCompiler expressions, MemberService members, TeamService teams, WorkflowTriggerRules triggerRules,
    Microsoft.Extensions.Options.IOptions<WebhookOptions> webhookOptions)
{
    public const int MaxSteps = 200;
    internal static readonly FluidParser Liquid = new();

    /// <summary>True for a validator of pack files: it has no tenant, so members, teams and record filters are checked at install.</summary>
    private readonly bool offline;

    /// <summary>
    /// A validator for workflows of a pack, checked against the entities of the pack and its dependencies rather than a
    /// tenant's; web-hook addresses by the default (strictest) rules: https to public addresses only.
    /// </summary>
    internal WorkflowValidator(IExpressionCompiler expressions)
        : this(null!, expressions, null!, null!, new WorkflowTriggerRules(null), Microsoft.Extensions.Options.Options.Create(new WebhookOptions())) => offline = true;

    public async Task<Dictionary<string, string[]>> ValidateAsync(Guid tenantId, WorkflowDocument document, CancellationToken cancellationToken) =>
        await ValidateAsync(tenantId, document, new Context(await metadata.GetSnapshotAsync(cancellationToken), await members.ListAsync(tenantId, cancellationToken))
        {
            Variables = WebhookOutputs.Declared(document.Steps),
        }, cancellationToken);

    /// <summary>
    /// Checks a pack's workflow against <paramref name="snapshot"/> (the pack's entities): everything but what only a tenant
    /// knows. Approvers and assignees must then be roles (<c>role:manager</c>) or the record's owner, and teams cannot be named.
    /// </summary>
    public Dictionary<string, string[]> ValidateForPack(MetadataSnapshot snapshot, WorkflowDocument document)
    {
        // Offline, no check awaits anything (no members, teams or queries), so the task has completed when it returns.
        var task = ValidateAsync(Guid.Empty, document, new Context(snapshot, []) { Variables = WebhookOutputs.Declared(document.Steps) }, CancellationToken.None);
        return task.IsCompleted ? task.Result : throw new InvalidOperationException("An offline workflow check awaited.");
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(Guid tenantId, WorkflowDocument document, Context context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(document.Name))
        {
            context.Add("name", "A workflow needs a name.");
        }
        else if (document.Name.Length > 200)
        {
            context.Add("name", "A name has at most 200 characters.");
        }

        var entity = ValidateTrigger(document.Trigger, context);
        if (entity is not null && document.Trigger is { } trigger)
        {
            foreach (var (key, message) in await triggerRules.CheckAsync(trigger, entity, cancellationToken))
            {
                context.Add(key, message);
            }
        }

        if (document.Steps is not { Count: > 0 })
        {
            context.Add("steps", "A workflow needs at least one step.");
        }
        else
        {
            await ValidateStepsAsync(tenantId, document.Steps, "steps", entity, context, cancellationToken);
        }

        return context.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>Reads an ISO 8601 duration (<c>P2D</c>, <c>PT30M</c>) or a .NET one (<c>2.00:00:00</c>).</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            duration = text.StartsWith('P') ? XmlConvert.ToTimeSpan(text) : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return false;
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>Reads a duration that may be negative or zero (<c>-P3D</c>), for offsets from a date.</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            offset = text.TrimStart('-').StartsWith('P') ? XmlConvert.ToTimeSpan(text) : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return false;
        }
    }

    private EntityDefinition? ValidateTrigger(WorkflowTrigger? trigger, Context context)
    {
        if (trigger is null)
        {
            context.Add("trigger", "A workflow needs a trigger.");
            return null;
        }

        if (trigger.Type is null || !WorkflowNames.Triggers.Contains(trigger.Type))
        {
            context.Add("trigger.type", $"The trigger type must be one of {string.Join(", ", WorkflowNames.Triggers)}.");
        }

        if (string.IsNullOrWhiteSpace(trigger.Entity) || context.Snapshot.FindEntity(trigger.Entity) is not { } entity)
        {
            context.Add("trigger.entity", $"There is no entity '{trigger.Entity}'.");
            return null;
        }

        if (trigger.ChangedFields is { Count: > 0 } changed)
        {
            if (trigger.Type != WorkflowNames.RecordUpdated)
            {
                context.Add("trigger.changedFields", "Changed fields apply to the recordUpdated trigger only.");
            }

            foreach (var field in changed.Where(f => entity.FindField(f) is null))
            {
                context.Add("trigger.changedFields", $"'{entity.ApiName}' has no field '{field}'.");
            }
        }

        if (trigger.Condition is not null)
        {
            CheckExpression(entity, trigger.Condition, ExpressionType.Boolean, "trigger.condition", context);
        }

        return entity;
    }

    private async Task ValidateStepsAsync(
        Guid tenantId, IReadOnlyList<WorkflowStep> steps, string path, EntityDefinition? entity, Context context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var at = $"{path}[{i}]";
            if (++context.Count > MaxSteps)
            {
                context.Add(at, $"A workflow has at most {MaxSteps} steps.");
                return;
            }

            if (string.IsNullOrWhiteSpace(step.Id))
            {
                context.Add($"{at}.id", "Every step needs an id.");
            }
            else if (!context.Ids.Add(step.Id))
            {
                context.Add($"{at}.id", $"Another step already has the id '{step.Id}'.");
            }

            if (i > 0 && steps[i - 1].Type == WorkflowNames.Stop)
            {
                context.Add(at, $"This step is unreachable: the step before it ('{steps[i - 1].Id}') stops the run.");
            }

            await ValidateStepAsync(tenantId, step, at, entity, context, cancellationToken);
        }
    }

    private async Task ValidateStepAsync(Guid tenantId, WorkflowStep step, string at, EntityDefinition? entity, Context context, CancellationToken cancellationToken)
    {
        if (step.Record is not null && step.Type != WorkflowNames.UpdateFields)
        {
            context.Add($"{at}.record", "Only an updateFields step updates a related record.");
        }

        switch (step.Type)
        {
            case WorkflowNames.If:
                Require(step.Condition, $"{at}.condition", "An if step needs a condition.", context);
                if (entity is not null && step.Condition is not null)
                {
                    CheckExpression(entity, step.Condition, ExpressionType.Boolean, $"{at}.condition", context);
                }

                await ValidateStepsAsync(tenantId, step.Then ?? [], $"{at}.then", entity, context, cancellationToken);
                await ValidateStepsAsync(tenantId, step.Else ?? [], $"{at}.else", entity, context, cancellationToken);
                break;
            case WorkflowNames.UpdateFields when step.Record is not null:
                ValidateRelated(step, at, entity, context);
                break;
            case WorkflowNames.UpdateFields:
                CheckValues(entity, entity, step.Values, at, context);
                break;
            case WorkflowNames.CreateRecord:
                var target = string.IsNullOrWhiteSpace(step.Entity) ? null : context.Snapshot.FindEntity(step.Entity);
                if (target is null)
                {
                    context.Add($"{at}.entity", $"There is no entity '{step.Entity}'.");
                }

                CheckValues(target, entity, step.Values, at, context);
                break;
            case WorkflowNames.SendEmail:
                CheckTemplate(step.To, $"{at}.to", context);
                CheckTemplate(step.Subject, $"{at}.subject", context);
                CheckTemplate(step.Body, $"{at}.body", context);
                break;
            case WorkflowNames.Wait when step.Until is not null || step.Offset is not null:
                ValidateWaitUntil(step, at, entity, context);
                break;
            case WorkflowNames.CreateTask:
                ValidateTask(step, at, context);
                break;
            case WorkflowNames.Wait:
                if (!TryParseDuration(step.Duration, out _))
                {
                    context.Add($"{at}.duration", "A wait needs a positive duration, such as P2D or PT30M (ISO 8601) or 2.00:00:00.");
                }

                break;
            case WorkflowNames.Approval:
                await ValidateApprovalAsync(tenantId, step, at, entity, context, cancellationToken);
                break;
            case WorkflowNames.AssignOwner when offline:
                context.Add($"{at}.team", "A pack cannot name a team: teams are the tenant's. Assign in a task (createTask with assignee) instead.");
                break;
            case WorkflowNames.AssignOwner:
                if (step.Team is not { } team || await teams.FindAsync(tenantId, team, cancellationToken) is not { } found)
                {
                    context.Add($"{at}.team", $"There is no team '{step.Team}' in this tenant.");
                }
                else if (found.Members.Count == 0)
                {
                    context.Add($"{at}.team", $"The team '{found.Name}' has no members to assign.");
                }

                break;
            case WorkflowNames.CallWebhook:
                ValidateWebhook(step, at, entity, context);
                break;
            case WorkflowNames.ForEach:
                await ValidateForEachAsync(tenantId, step, at, entity, context, cancellationToken);
                break;
            case WorkflowNames.Stop:
                break;
            default:
                context.Add($"{at}.type", $"The step type must be one of {string.Join(", ", WorkflowNames.Steps)}.");
                break;
        }
    }

    private static void ValidateWaitUntil(WorkflowStep step, string at, EntityDefinition? entity, Context context)
    {
        if (step.Duration is not null)
        {
            context.Add($"{at}.duration", "A wait has either a duration or a field to wait until, not both.");
        }

        if (string.IsNullOrWhiteSpace(step.Until))
        {
            context.Add($"{at}.until", "An offset needs a date or dateTime field to wait until.");
        }
        else if (entity is not null && entity.FindField(step.Until) is not { } field)
        {
            context.Add($"{at}.until", $"'{entity.ApiName}' has no field '{step.Until}'.");
        }
        else if (entity is not null && entity.FindField(step.Until) is { Type: not (FieldType.Date or FieldType.DateTime) } other)
        {
            context.Add($"{at}.until", $"'{other.ApiName}' is a {other.Type} field; a wait needs a date or dateTime field.");
        }

        if (step.Offset is not null && !TryParseOffset(step.Offset, out _))
        {
            context.Add($"{at}.offset", "The offset must be a duration, such as P1D or -PT2H (ISO 8601).");
        }
    }

    private async Task ValidateForEachAsync(Guid tenantId, WorkflowStep step, string at, EntityDefinition? entity, Context context, CancellationToken cancellationToken)
    {
        if (context.Item is not null)
        {
            context.Add($"{at}.type", "A forEach cannot sit inside another forEach.");
            return;
        }

        var child = string.IsNullOrWhiteSpace(step.Entity) ? null : context.Snapshot.FindEntity(step.Entity);
        if (child is null)
        {
            context.Add($"{at}.entity", $"There is no entity '{step.Entity}' to loop over.");
        }
        else if (string.IsNullOrWhiteSpace(step.Lookup) || child.FindField(step.Lookup) is not { } lookup)
        {
            context.Add($"{at}.lookup", $"'{child.ApiName}' has no field '{step.Lookup}'; name its lookup to '{entity?.ApiName}'.");
        }
        else if (lookup is not { Type: FieldType.Lookup, Settings: LookupSettings settings } || (entity is not null && !string.Equals(settings.TargetEntity, entity.ApiName, StringComparison.OrdinalIgnoreCase)))
        {
            context.Add($"{at}.lookup", $"'{child.ApiName}.{lookup.ApiName}' is not a lookup to '{entity?.ApiName}'.");
        }
        else if (!lookup.Indexed)
        {
            context.Add($"{at}.lookup", $"The lookup '{child.ApiName}.{lookup.ApiName}' is not indexed: a loop finds the related records through the index. Mark it indexed first.");
        }

        if (child is not null && step.Filter is not null)
        {
            var compiled = expressions.Compile(QueryableScope(child), step.Filter, ExpressionType.Boolean);
            if (!compiled.Succeeded)
            {
                context.Add($"{at}.filter", compiled.Error!.Message);
            }
        }

        if (step.Do is not { Count: > 0 })
        {
            context.Add($"{at}.do", "A forEach needs at least one step to run for each record.");
            return;
        }

        context.Item = child;
        await ValidateStepsAsync(tenantId, step.Do, $"{at}.do", entity, context, cancellationToken);
        context.Item = null;
    }

    /// <summary>The names a loop's filter may use: the ones the query service filters on in SQL (system fields and indexed fields).</summary>
    private static ExpressionScope QueryableScope(EntityDefinition child)
    {
        var (fields, scope) = Querying.QueryField.Of(child);
        var refused = fields.Values.Where(f => !f.IsSystem && (f.Column is null || f.Field?.Indexed != true)).ToList();
        return scope with
        {
            Fields = scope.Fields.RemoveAll(f => refused.Any(r => string.Equals(r.ApiName, f.ApiName, StringComparison.OrdinalIgnoreCase))),
            Unreadable = scope.Unreadable.SetItems(refused.Select(r => KeyValuePair.Create(r.ApiName,
                r.Column is null ? "a loop's filter runs in the index, which does not hold this field's values" : "a loop's filter runs in the index and the field is not indexed: mark it indexed first"))),
        };
    }

    private void ValidateWebhook(WorkflowStep step, string at, EntityDefinition? entity, Context context)
    {
        if (WebhookTargets.CheckUrl(step.Url, webhookOptions.Value, out _) is { } refused)
        {
            context.Add($"{at}.url", refused);
        }

        var method = (step.Method ?? "POST").ToUpperInvariant();
        if (!WebhookTargets.Methods.Contains(method))
        {
            context.Add($"{at}.method", $"The method must be one of {string.Join(", ", WebhookTargets.Methods)}.");
        }
        else if (method == "GET" && step.Body is not null)
        {
            context.Add($"{at}.body", "A GET sends no body.");
        }

        if (step.Body is not null)
        {
            CheckTemplate(step.Body, $"{at}.body", context);
        }

        foreach (var (name, value) in step.Headers ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)) || value is null || value.Any(char.IsControl))
            {
                context.Add($"{at}.headers.{name}", "A header needs a name of letters, digits and -_. and a value on one line.");
            }
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase))
            {
                context.Add($"{at}.headers.{name}", $"The header '{name}' is set by the engine.");
            }
        }

        foreach (var (name, output) in step.Map ?? new Dictionary<string, WebhookOutput>())
        {
            var key = $"{at}.map.{name}";
            if (!WebhookOutputs.Name().IsMatch(name))
            {
                context.Add(key, "A variable name starts with a letter or _ and has letters, digits and _ only (at most 64).");
            }
            else if (entity?.FindField(name) is not null)
            {
                context.Add(key, $"'{name}' is a field of '{entity.ApiName}'; choose another variable name.");
            }
            else if (output is null)
            {
                context.Add(key, "Give a path.");
            }
            else if (WebhookOutputs.CheckPath(output.Path) is { } badPath)
            {
                context.Add(key, badPath);
            }
            else if (output.Type is not null && !WebhookOutputs.Types.Contains(output.Type))
            {
                context.Add(key, $"The type must be one of {string.Join(", ", WebhookOutputs.Types)}.");
            }
            else if (context.Variables.FirstOrDefault(v => string.Equals(v.ApiName, name, StringComparison.OrdinalIgnoreCase)) is { } declared
                && declared.Type != WebhookOutputs.TypeOf(output))
            {
                context.Add(key, $"Another step maps '{name}' with another type.");
            }
        }
    }

    private void ValidateTask(WorkflowStep step, string at, Context context)
    {
        var name = step.Entity ?? CoreActivities.Entity;
        if (context.Snapshot.FindEntity(name) is not { } target)
        {
            context.Add($"{at}.entity", step.Entity is null
                ? $"There is no entity '{name}' to create tasks in: install the core pack or name the entity."
                : $"There is no entity '{name}'.");
        }
        else
        {
            if (target.FindField(CoreActivities.Subject) is not { Type: FieldType.Text or FieldType.LongText })
            {
                context.Add($"{at}.entity", $"'{target.ApiName}' has no text field '{CoreActivities.Subject}' for the task's subject.");
            }

            if (step.Due is not null && target.FindField(CoreActivities.DueAt) is not { Type: FieldType.Date or FieldType.DateTime })
            {
                context.Add($"{at}.due", $"'{target.ApiName}' has no date or dateTime field '{CoreActivities.DueAt}' to hold the due moment.");
            }

            if (step.Body is not null && target.FindField(CoreActivities.Description) is null)
            {
                context.Add($"{at}.body", $"'{target.ApiName}' has no field '{CoreActivities.Description}' for the task's body.");
            }
        }

        CheckTemplate(step.Subject, $"{at}.subject", context);
        if (step.Body is not null)
        {
            CheckTemplate(step.Body, $"{at}.body", context);
        }

        if (step.Due is not null && !TryParseDuration(step.Due, out _))
        {
            context.Add($"{at}.due", "The due time must be a positive duration, such as P1D or PT4H (ISO 8601).");
        }

        if (step.Assignee is not null && !string.Equals(step.Assignee, TaskAssignee.RecordOwner, StringComparison.OrdinalIgnoreCase)
            && WorkflowApprovers.Check(context.Members, step.Assignee, offline) is { } why)
        {
            context.Add($"{at}.assignee", $"The assignee is 'owner' (the record's owner), a role (role:manager) or a member's user id or email; {why}");
        }
    }

    private async Task ValidateApprovalAsync(Guid tenantId, WorkflowStep step, string at, EntityDefinition? entity, Context context, CancellationToken cancellationToken)
    {
        if (step.Approvers is not { Count: > 0 })
        {
            context.Add($"{at}.approvers", "An approval needs at least one approver (a member's email or user id, or a role such as role:manager).");
        }
        else
        {
            foreach (var approver in step.Approvers)
            {
                if (WorkflowApprovers.Check(context.Members, approver, offline) is { } why)
                {
                    context.Add($"{at}.approvers", why);
                }
            }
        }

        if (step.Timeout is not null && !TryParseDuration(step.Timeout, out _))
        {
            context.Add($"{at}.timeout", "The timeout must be a positive duration, such as P3D.");
        }

        await ValidateStepsAsync(tenantId, step.Approved ?? [], $"{at}.approved", entity, context, cancellationToken);
        await ValidateStepsAsync(tenantId, step.Rejected ?? [], $"{at}.rejected", entity, context, cancellationToken);
        await ValidateStepsAsync(tenantId, step.TimedOut ?? [], $"{at}.timedOut", entity, context, cancellationToken);
    }

    /// <summary>
    /// <c>updateFields</c> with <c>record</c>: a lookup field of the trigger's entity, values that name writable fields of
    /// the entity it points to, and expressions over that entity with the run's record as <c>record.field</c>.
    /// </summary>
    private void ValidateRelated(WorkflowStep step, string at, EntityDefinition? entity, Context context)
    {
        if (context.Item is not null)
        {
            ValidateItemUpdate(step, at, entity, context);
            return;
        }

        if (step.Values is not { Count: > 0 })
        {
            context.Add($"{at}.values", "Give at least one field value.");
        }

        if (entity is null)
        {
            return;
        }

        var (_, target, why) = WorkflowRelated.Resolve(context.Snapshot, entity, step.Record);
        if (why is not null)
        {
            context.Add($"{at}.record", why);
            return;
        }

        var scope = WorkflowRelated.Scope(target!, entity, context.Variables);
        foreach (var (field, expression) in step.Values ?? new Dictionary<string, string>())
        {
            if (WorkflowRelated.WhyNotWritable(target!, field) is { } refused)
            {
                context.Add($"{at}.values.{field}", refused);
                continue;
            }

            var compiled = expressions.Compile(scope, WorkflowRelated.Rewrite(expression ?? string.Empty));
            if (!compiled.Succeeded)
            {
                context.Add($"{at}.values.{field}", compiled.Error!.Message);
            }
        }
    }

    /// <summary><c>updateFields</c> with <c>record: item</c> in a loop body: writable fields of the item's entity, values in the body's scope.</summary>
    private void ValidateItemUpdate(WorkflowStep step, string at, EntityDefinition? entity, Context context)
    {
        if (step.Record != WorkflowNames.Item)
        {
            context.Add($"{at}.record", "In a forEach body a step updates the loop's current record, named 'item'; update other related records in a step outside the loop.");
            return;
        }

        if (step.Values is not { Count: > 0 })
        {
            context.Add($"{at}.values", "Give at least one field value.");
            return;
        }

        foreach (var (field, expression) in step.Values)
        {
            if (WorkflowRelated.WhyNotWritable(context.Item!, field) is { } refused)
            {
                context.Add($"{at}.values.{field}", refused);
            }
            else if (entity is not null)
            {
                CheckExpression(entity, expression ?? string.Empty, null, $"{at}.values.{field}", context);
            }
        }
    }

    private void CheckValues(EntityDefinition? target, EntityDefinition? source, IReadOnlyDictionary<string, string>? values, string at, Context context)
    {
        if (values is not { Count: > 0 })
        {
            context.Add($"{at}.values", "Give at least one field value.");
            return;
        }

        foreach (var (field, expression) in values)
        {
            if (target is not null && target.FindField(field) is null && !string.Equals(field, "ownerId", StringComparison.Ordinal))
            {
                context.Add($"{at}.values.{field}", $"'{target.ApiName}' has no field '{field}'.");
            }
            else if (source is not null)
            {
                CheckExpression(source, expression, null, $"{at}.values.{field}", context);
            }
        }
    }

    private void CheckExpression(EntityDefinition entity, string text, ExpressionType? expected, string key, Context context)
    {
        var compiled = expressions.Compile(
            WorkflowScope.Of(entity, context.Variables, context.Item), context.Item is null ? text : WorkflowLoops.Rewrite(text), expected);
        if (!compiled.Succeeded)
        {
            context.Add(key, compiled.Error!.Message);
        }
    }

    private static void CheckTemplate(string? text, string key, Context context)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            context.Add(key, "A template is required.");
        }
        else if (!Liquid.TryParse(text, out _, out var error))
        {
            context.Add(key, $"Not a valid Liquid template: {error}");
        }
    }

    private static void Require(string? value, string key, string message, Context context)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            context.Add(key, message);
        }
    }

    private sealed class Context(MetadataSnapshot snapshot, IReadOnlyList<MemberResponse> members)
    {
        public MetadataSnapshot Snapshot { get; } = snapshot;

        public IReadOnlyList<MemberResponse> Members { get; } = members;

        public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        public IReadOnlyList<Expressions.ExpressionField> Variables { get; init; } = [];

        /// <summary>The entity of the loop whose body is being checked: its steps read <c>item.field</c>.</summary>
        public EntityDefinition? Item { get; set; }

        public void Add(string key, string message)
        {
            if (!Errors.TryGetValue(key, out var list))
            {
                Errors[key] = list = [];
            }

            list.Add(message);
        }
    }
}

/// <summary>
/// Approvers are named by email or user id, both resolving to a member of the tenant, or by role (<c>role:manager</c>):
/// any member with that role, so a pack can name approvers without knowing the tenant's people.
/// </summary>
internal static class WorkflowApprovers
{
    public const string RolePrefix = "role:";

    public static MemberResponse? Find(IReadOnlyList<MemberResponse> members, string approver) =>
        RoleOf(approver) is { } role ? members.FirstOrDefault(m => string.Equals(m.Role, role, StringComparison.Ordinal))
        : Guid.TryParse(approver, out var id) ? members.FirstOrDefault(m => m.UserId == id)
        : members.FirstOrDefault(m => string.Equals(m.Email, approver, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="approver"/> names nobody, or null. A role need not have members yet; a pack (offline) may name roles only.</summary>
    public static string? Check(IReadOnlyList<MemberResponse> members, string approver, bool offline) =>
        RoleOf(approver) is { } role ? (TenantRoles.All.Contains(role) ? null : $"'{role}' is not a role; use {string.Join(", ", TenantRoles.All.Select(r => RolePrefix + r))}.")
        : offline ? $"'{approver}' names a person, whom a pack cannot know; name a role such as {RolePrefix}{TenantRoles.Manager}."
        : Find(members, approver) is null ? $"'{approver}' is not a member of this tenant." : null;

    private static string? RoleOf(string approver) =>
        approver.StartsWith(RolePrefix, StringComparison.Ordinal) ? approver[RolePrefix.Length..] : null;
}
