using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>
/// Starts the runs of the current tenant's due timers. A schedule occurrence is claimed by moving the timer's due time
/// on with a conditional update in the same transaction as its runs, so two processes never both start it. A date
/// trigger fires each record once per date value: a unique firing row per (workflow, record, date) is written in
/// the transaction of its run, and the watermark moves on once every record up to now is handled.
/// </summary>
internal sealed class WorkflowTimerSweep(
    TenantDbContext db, ITenantAccessor tenants, WorkflowPlans plans, IRecordQueryService queries, IRecordService records, IMetadataService metadata,
    IExpressionCompiler expressions, WorkflowQueue queue, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public const int Batch = 200;
    public const string ScheduleActor = "schedule";
    public const string DateActor = "date trigger";

    /// <summary>Sweeps the current tenant; answers whether it has timers at all.</summary>
    public async Task<bool> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.WorkflowTimers.AsNoTracking().Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).Take(Batch).ToListAsync(cancellationToken);
        var started = 0;
        foreach (var timer in due)
        {
            var version = await db.WorkflowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == timer.VersionId, cancellationToken);
            var plan = version is null ? null : await plans.GetAsync(db, version.Id, cancellationToken);
            if (version is null || plan is null)
            {
                continue;
            }

            started += timer.Kind == WorkflowNames.Schedule
                ? await ScheduleAsync(timer, version, plan, now, cancellationToken)
                : await DatesAsync(timer, version, plan, now, cancellationToken);
            db.ChangeTracker.Clear();
        }

        if (started > 0)
        {
            queue.Poke(tenants.Tenant!.Id);
        }

        return due.Count > 0 || await db.WorkflowTimers.AnyAsync(cancellationToken);
    }

    private async Task<int> ScheduleAsync(StoredWorkflowTimer timer, StoredWorkflowVersion version, WorkflowPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trigger = plan.Document.Trigger!;
        var next = WorkflowTriggerRules.NextOccurrence(trigger, now) ?? now.AddYears(100);
        var why = $"{WorkflowTriggerRules.Describe(trigger)} was due at {timer.DueAt:u}";
        List<Guid?> targets = [null];
        var skipped = new List<(Guid? Record, string Reason)>();
        if (!string.IsNullOrWhiteSpace(trigger.Filter))
        {
            (targets, var problem) = await MatchingAsync(trigger.Entity!, trigger.Filter, cancellationToken);
            if (problem is not null)
            {
                skipped.Add((null, $"Not started: {why}, but {problem}"));
            }
            else if (targets.Count == 0)
            {
                skipped.Add((null, $"Not started: {why}, and no {trigger.Entity} record matches the filter '{trigger.Filter}'."));
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.WorkflowTimers
            .Where(t => t.Id == timer.Id && t.DueAt == timer.DueAt && t.VersionId == timer.VersionId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, next).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return 0; // another process (or a republish) took this occurrence
        }

        var started = 0;
        foreach (var record in targets)
        {
            var run = WorkflowRuns.NewRun(version.TenantId, version, plan, trigger.Entity!, record, depth: 0, ScheduleActor, now);
            db.WorkflowRuns.Add(run);
            started++;
            var matched = record is null ? "it runs once, on no record" : $"the record matches the filter '{trigger.Filter}'";
            db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(WorkflowNames.Schedule, trigger.Entity!, record, plan.WorkflowId, plan.Name, "started", $"Started: {why}; {matched}.", run.Id, now));
        }

        foreach (var (record, reason) in skipped)
        {
            db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(WorkflowNames.Schedule, trigger.Entity!, record, plan.WorkflowId, plan.Name, "skipped", reason, null, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return started;
    }

    /// <summary>The ids of the records matching the filter, at most <see cref="WorkflowOptions.MaxRecordsPerRun"/>, through the query service.</summary>
    private async Task<(List<Guid?> Ids, string? Problem)> MatchingAsync(string entity, string filter, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRecordsPerRun;
        var ids = new List<Guid?>();
        string? token = null;
        do
        {
            var outcome = await queries.QueryAsync(entity, new RecordQuery(Filter: filter, OrderBy: "createdAt", Top: $"{Math.Min(limit + 1 - ids.Count, QueryLimits.MaxTop)}", SkipToken: token), cancellationToken);
            if (outcome.Page is not { } page)
            {
                var errors = outcome.Errors?.SelectMany(e => e.Value) ?? [outcome.Forbidden ?? $"there is no entity '{entity}'"];
                return ([], $"the filter '{filter}' cannot run now: {string.Join(" ", errors)}.");
            }

            ids.AddRange(page.Records.Select(r => (Guid?)r["id"]!.GetValue<Guid>()));
            token = page.NextSkipToken;
        }
        while (token is not null && ids.Count <= limit);

        return ids.Count > limit
            ? ([], $"more than {limit} {entity} records match the filter '{filter}' (the limit of one occurrence); narrow the filter.")
            : (ids, null);
    }

    private async Task<int> DatesAsync(StoredWorkflowTimer timer, StoredWorkflowVersion version, WorkflowPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trigger = plan.Document.Trigger!;
        var entity = (await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(trigger.Entity!);
        var field = entity?.FindField(trigger.DateField!);
        if (entity is null || field is not { Indexed: true, Type: FieldType.Date or FieldType.DateTime })
        {
            db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(
                WorkflowNames.DateRelative, trigger.Entity!, null, plan.WorkflowId, plan.Name, "skipped",
                $"Not started: '{trigger.Entity}.{trigger.DateField}' is no longer an indexed date field; fix and publish the workflow again.", null, now));
            await db.SaveChangesAsync(cancellationToken);
            await MoveWatermarkAsync(timer, now, cancellationToken);
            return 0;
        }

        // A record is due when its date plus the offset lies in (watermark, now].
        var offset = WorkflowTriggerRules.Offset(trigger);
        var from = timer.DueAt - offset;
        var until = now - offset;
        var workflowId = timer.WorkflowId;
        var due = await db.RecordValues.AsNoTracking()
            .Where(v => v.FieldId == field.Id && v.DateValue > from && v.DateValue <= until)
            .Where(v => !db.WorkflowDateFirings.Any(f => f.WorkflowId == workflowId && f.RecordId == v.RecordId && f.DateValue == v.DateValue))
            .OrderBy(v => v.DateValue)
            .Take(Batch + 1)
            .Select(v => new { v.RecordId, v.DateValue })
            .ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var started = 0;
        foreach (var item in due.Take(Batch))
        {
            var (starts, reason) = await DecideAsync(entity, trigger, item.RecordId, now, cancellationToken);
            var run = starts ? WorkflowRuns.NewRun(version.TenantId, version, plan, entity.ApiName, item.RecordId, depth: 0, DateActor, now) : null;
            if (run is not null)
            {
                db.WorkflowRuns.Add(run);
                started++;
            }

            db.WorkflowDateFirings.Add(new StoredDateFiring
            {
                Id = Uuid.NewSequential(),
                WorkflowId = workflowId,
                RecordId = item.RecordId,
                DateValue = item.DateValue!.Value,
                RunId = run?.Id,
                FiredAt = now,
            });
            var when = $"{WorkflowTriggerRules.Describe(trigger)} ({item.DateValue:u}) is due";
            db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(
                WorkflowNames.DateRelative, entity.ApiName, item.RecordId, plan.WorkflowId, plan.Name, starts ? "started" : "skipped", $"{(starts ? "Started" : "Not started")}: {when}; {reason}", run?.Id, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (due.Count <= Batch)
            {
                await MoveWatermarkAsync(timer, now, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return 0; // another process fired some of these records first; the next sweep sees its firings
        }

        return started;
    }

    private async Task<(bool Starts, string Reason)> DecideAsync(EntityDefinition entity, WorkflowTrigger trigger, Guid recordId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(trigger.Condition))
        {
            return (true, "every such record starts it.");
        }

        var compiled = expressions.Compile(entity, trigger.Condition, ExpressionType.Boolean);
        if (!compiled.Succeeded)
        {
            return (false, $"the condition '{trigger.Condition}' no longer compiles: {compiled.Error!.Message}");
        }

        var record = (await records.GetAsync(entity.ApiName, recordId, cancellationToken)).Value;
        var inputs = (record?.Values ?? []).ToDictionary(v => v.Key, v => ComputedValues.ToExpression(v.Value), StringComparer.Ordinal);
        var result = compiled.Expression!.Evaluate(inputs, new ExpressionContext(now));
        return !result.Succeeded ? (false, $"the condition '{trigger.Condition}' could not be evaluated: {result.Error}.")
            : result.Value is true ? (true, $"the condition '{trigger.Condition}' is true.")
            : (false, $"the condition '{trigger.Condition}' is false for this record.");
    }

    private Task<int> MoveWatermarkAsync(StoredWorkflowTimer timer, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WorkflowTimers.Where(t => t.Id == timer.Id && t.DueAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, now).SetProperty(t => t.UpdatedAt, now), cancellationToken);
}
