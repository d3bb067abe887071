using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Access;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Workflows;

public sealed record RunSummary(
    Guid Id, Guid WorkflowId, int Version, string Entity, Guid? RecordId, string Status, string? Position, string? Error, int Depth,
    string StartedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, DateTimeOffset? DueAt);

public sealed record RunStepResponse(string StepId, string StepType, int Attempt, DateTimeOffset StartedAt, double DurationMs, JsonElement? Input, JsonElement? Output, string? Error);

public sealed record RunResponse(RunSummary Run, JsonElement Variables, IReadOnlyList<string>? Approvers, IReadOnlyList<RunStepResponse> Steps);

public sealed record TriggerLogEntry(Guid Id, DateTimeOffset At, string Event, string Entity, Guid? RecordId, Guid? WorkflowId, string? WorkflowName, string Outcome, string Reason, Guid? RunId);

/// <summary>The body of <c>POST /api/workflows/{id}/run</c>: the records to run the workflow on.</summary>
public sealed record RunRequest(IReadOnlyList<Guid>? RecordIds);

/// <summary>The body of <c>POST /api/workflows/runs/{runId}/approvals</c>.</summary>
public sealed record ApprovalRequest(string? Decision, string? Comment);

/// <summary>Starts runs by hand, reads them with their step log, cancels, retries and decides approvals.</summary>
internal sealed class WorkflowRuns(
    TenantDbContext db, WorkflowPlans plans, WorkflowQueue queue, IRecordService records, MemberService members, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<RunSummary>> ListAsync(Guid? workflowId, string? status, int take, CancellationToken cancellationToken) =>
        await db.WorkflowRuns.AsNoTracking()
            .Where(r => (workflowId == null || r.WorkflowId == workflowId) && (status == null || r.Status == status))
            .OrderByDescending(r => r.Id).Take(take)
            .Select(r => Summary(r))
            .ToListAsync(cancellationToken);

    public async Task<RunResponse?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (await db.WorkflowRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) is not { } run)
        {
            return null;
        }

        var steps = await db.WorkflowRunSteps.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var approvers = run.Bookmark is null ? null : JsonSerializer.Deserialize<ApprovalBookmark>(run.Bookmark, WorkflowDocument.Json)!.Approvers;
        return new RunResponse(
            Summary(run), JsonSerializer.Deserialize<JsonElement>(run.Variables), approvers,
            [.. steps.Select(s => new RunStepResponse(s.StepId, s.StepType, s.Attempt, s.StartedAt, s.DurationMs, Json(s.Input), Json(s.Output), s.Error))]);
    }

    public async Task<IReadOnlyList<TriggerLogEntry>> TriggerLogAsync(Guid? workflowId, Guid? recordId, int take, CancellationToken cancellationToken) =>
        await db.WorkflowTriggerLog.AsNoTracking()
            .Where(e => (workflowId == null || e.WorkflowId == workflowId) && (recordId == null || e.RecordId == recordId))
            .OrderByDescending(e => e.Id).Take(take)
            .Select(e => new TriggerLogEntry(e.Id, e.At, e.Event, e.Entity, e.RecordId, e.WorkflowId, e.WorkflowName, e.Outcome, e.Reason, e.RunId))
            .ToListAsync(cancellationToken);

    /// <summary>Starts the published version on each record; answers null when the workflow is unknown, errors when it cannot run.</summary>
    public async Task<Outcome<IReadOnlyList<Guid>>> StartManuallyAsync(Guid tenantId, Guid workflowId, RunRequest request, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken) is not { } workflow)
        {
            return new Outcome<IReadOnlyList<Guid>>(null);
        }

        if (workflow.PublishedVersion is not { } published)
        {
            return Outcome.Invalid<IReadOnlyList<Guid>>("workflow", "The workflow has no published version: publish it first.");
        }

        if (request.RecordIds is not { Count: > 0 } ids || ids.Count > options.Value.MaxRecordsPerRun)
        {
            return Outcome.Invalid<IReadOnlyList<Guid>>("recordIds", $"Name between 1 and {options.Value.MaxRecordsPerRun} record ids.");
        }

        var version = await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.WorkflowId == workflowId && v.Version == published, cancellationToken);
        var plan = (await plans.GetAsync(db, version.Id, cancellationToken))!;
        var entity = plan.Document.Trigger!.Entity!;
        var missing = new List<string>();
        foreach (var id in ids.Distinct())
        {
            if ((await records.GetAsync(entity, id, cancellationToken)).Status != RecordStatus.Ok)
            {
                missing.Add($"There is no {entity} record {id}.");
            }
        }

        if (missing.Count > 0)
        {
            return new Outcome<IReadOnlyList<Guid>>(null, new Dictionary<string, string[]> { ["recordIds"] = [.. missing] });
        }

        var started = new List<StoredRun>();
        foreach (var id in ids.Distinct())
        {
            var run = NewRun(tenantId, version, plan, entity, id, depth: 0, actor, clock.GetUtcNow());
            if (run.Status == RunStatus.Pending)
            {
                // Enqueued here, so leased as a sweep's claim would be: the sweep takes it again only if its job is lost.
                run.DueAt = run.CreatedAt + options.Value.Lease;
            }

            AddedRows.Stage(db, run);
            started.Add(run);
            AddedRows.Stage(db, WorkflowTriggers.LogEntry(WorkflowNames.Manual, entity, id, workflow.Id, workflow.Name, "started", $"Started by hand by {actor}.", run.Id, run.CreatedAt));
        }

        // Staged, so a start on many records inserts them by plain INSERTs: EF Core's update pipeline cost more than the database.
        await db.SaveChangesAsync(cancellationToken);
        queue.EnqueueMany([.. started.Where(r => r.Status == RunStatus.Pending)]);

        queue.Poke(tenantId);
        return new Outcome<IReadOnlyList<Guid>>([.. started.Select(r => r.Id)]);
    }

    /// <summary>Stops a run that has not finished; a waiting step never resumes.</summary>
    public Task<Outcome<RunSummary>> CancelAsync(Guid runId, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(runId, run => RunStatus.IsFinished(run.Status) ? $"The run is {run.Status} already." : null, async run =>
        {
            await Task.CompletedTask;
            run.Status = RunStatus.Cancelled;
            run.Error = $"Cancelled by {actor}.";
            run.DueAt = null;
            run.CompletedAt = clock.GetUtcNow();
        }, cancellationToken);

    /// <summary>Runs a faulted run's failed step again, with fresh attempts.</summary>
    public Task<Outcome<RunSummary>> RetryAsync(Guid runId, CancellationToken cancellationToken) =>
        ChangeAsync(runId, run => run.Status == RunStatus.Faulted ? null : $"Only a faulted run can be retried; this one is {run.Status}.", async run =>
        {
            await Task.CompletedTask;
            run.Status = RunStatus.Pending;
            run.Attempt = 0;
            run.Error = null;
            run.DueAt = clock.GetUtcNow() + options.Value.Lease;
        }, cancellationToken, enqueue: true);

    /// <summary>Approves or rejects a waiting approval: the run goes on in the approved or rejected branch.</summary>
    public async Task<Outcome<RunSummary>> DecideAsync(Guid tenantId, Guid runId, ApprovalRequest request, Caller? caller, CancellationToken cancellationToken)
    {
        if (request.Decision is not ("approve" or "reject"))
        {
            return Outcome.Invalid<RunSummary>("decision", "The decision is 'approve' or 'reject'.");
        }

        var member = caller?.UserId is { } userId ? await members.FindAsync(tenantId, userId, cancellationToken) : null;
        return await ChangeAsync(runId, run => Refusal(run, member), async run =>
        {
            var bookmark = JsonSerializer.Deserialize<ApprovalBookmark>(run.Bookmark!, WorkflowDocument.Json)!;
            var plan = (await plans.GetAsync(db, run.VersionId, cancellationToken))!;
            var step = plan.Step(bookmark.Step)!;
            var approved = request.Decision == "approve";
            run.Position = plan.Enter(approved ? step.Approved : step.Rejected, step.Id!);
            run.Bookmark = null;
            run.Status = run.Position is null ? RunStatus.Completed : RunStatus.Pending;
            run.CompletedAt = run.Position is null ? clock.GetUtcNow() : null;
            run.DueAt = run.Position is null ? null : clock.GetUtcNow() + options.Value.Lease;
            db.WorkflowRunSteps.Add(Decision(run, step, approved, member!, request.Comment));
        }, cancellationToken, enqueue: true);
    }

    internal static StoredRun NewRun(Guid tenantId, StoredWorkflowVersion version, WorkflowPlan plan, string entity, Guid? recordId, int depth, string actor, DateTimeOffset now) => new()
    {
        Id = Uuid.NewSequential(),
        TenantId = tenantId,
        WorkflowId = version.WorkflowId,
        VersionId = version.Id,
        Version = version.Version,
        Entity = entity,
        RecordId = recordId,
        Status = plan.First is null ? RunStatus.Completed : RunStatus.Pending,
        Position = plan.First,
        Variables = JsonSerializer.Serialize(plan.Document.Variables ?? new Dictionary<string, JsonElement>(), WorkflowDocument.Json),
        Depth = depth,
        StartedBy = actor,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static string? Refusal(StoredRun run, MemberResponse? member)
    {
        if (run.Status != RunStatus.Waiting || run.Bookmark is null)
        {
            return $"The run is not waiting for an approval; it is {run.Status}.";
        }

        var bookmark = JsonSerializer.Deserialize<ApprovalBookmark>(run.Bookmark, WorkflowDocument.Json)!;
        return member is not null && bookmark.Approvers.Any(a => WorkflowApprovers.Find([member], a) is not null)
            ? null
            : "Only the step's approvers may decide; sign in as one of them.";
    }

    private StoredRunStep Decision(StoredRun run, WorkflowStep step, bool approved, MemberResponse member, string? comment) => new()
    {
        Id = StepLogIds.Next(),
        TenantId = run.TenantId,
        RunId = run.Id,
        StepId = step.Id!,
        StepType = step.Type!,
        Attempt = 1,
        StartedAt = clock.GetUtcNow(),
        DurationMs = 0,
        Output = JsonSerializer.Serialize(new { decision = approved ? "approved" : "rejected", by = member.Email, comment }, WorkflowDocument.Json),
    };

    private async Task<Outcome<RunSummary>> ChangeAsync(
        Guid runId, Func<StoredRun, string?> refusal, Func<StoredRun, Task> change, CancellationToken cancellationToken, bool enqueue = false)
    {
        if (await db.WorkflowRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) is not { } run)
        {
            return new Outcome<RunSummary>(null);
        }

        if (refusal(run) is { } why)
        {
            return new Outcome<RunSummary>(null, Conflict: why);
        }

        await change(run);
        run.Sequence++;
        run.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Outcome<RunSummary>(null, Conflict: "The run moved on at the same time: read it again.");
        }

        if (enqueue && run.Status == RunStatus.Pending)
        {
            queue.Enqueue(run.Id, run.Sequence);
        }

        return new Outcome<RunSummary>(Summary(run));
    }

    private static RunSummary Summary(StoredRun r) =>
        new(r.Id, r.WorkflowId, r.Version, r.Entity, r.RecordId, r.Status, r.Position, r.Error, r.Depth, r.StartedBy, r.CreatedAt, r.UpdatedAt, r.CompletedAt, r.DueAt);

    private static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
