using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Workflows;

/// <summary>The body of <c>POST /api/workflows/{id}/runs/migrate</c>: move unfinished runs of one version to another, all or the named ones.</summary>
public sealed record MigrateRunsRequest(int? FromVersion, int? ToVersion, IReadOnlyList<Guid>? RunIds);

/// <summary>What a migration did: the runs moved, the runs it could not move and why (they stay on their version).</summary>
public sealed record MigrateRunsResult(int FromVersion, int ToVersion, IReadOnlyList<Guid> Moved, IReadOnlyList<RunNotMoved> NotMoved, bool More);

/// <summary>A run a migration left where it was.</summary>
public sealed record RunNotMoved(Guid RunId, string? Position, string Reason);

/// <summary>
/// Moves pending and waiting runs to another published version, explicitly: a run moves only when the step it will run
/// next (or waits in) has the same id and kind in the target version, so no finished step runs again and no state is
/// guessed; every other run stays pinned to its version, with the reason reported. A moved run's log says so.
/// </summary>
internal sealed class WorkflowMigrations(TenantDbContext db, WorkflowPlans plans, WorkflowQueue queue, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public async Task<Outcome<MigrateRunsResult>> MigrateAsync(Guid workflowId, MigrateRunsRequest request, string actor, CancellationToken cancellationToken)
    {
        if (!await db.Workflows.AnyAsync(w => w.Id == workflowId, cancellationToken))
        {
            return new Outcome<MigrateRunsResult>(null);
        }

        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflowId).ToListAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = versions.SingleOrDefault(v => v.Version == request.FromVersion);
        var to = versions.SingleOrDefault(v => v.Version == request.ToVersion);
        if (from is null)
        {
            errors["fromVersion"] = [$"The workflow has no published version {request.FromVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none given)"}."];
        }

        if (to is null)
        {
            errors["toVersion"] = [$"The workflow has no published version {request.ToVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none given)"}."];
        }
        else if (from is not null && from.Id == to.Id)
        {
            errors["toVersion"] = ["The target version is the version the runs are on."];
        }

        var limit = options.Value.MaxRecordsPerRun;
        if (request.RunIds is { } named && (named.Count == 0 || named.Count > limit))
        {
            errors["runIds"] = [$"Name between 1 and {limit} runs, or leave runIds out to move every unfinished run of the version."];
        }

        if (errors.Count > 0)
        {
            return new Outcome<MigrateRunsResult>(null, errors);
        }

        var source = (await plans.GetAsync(db, from!.Id, cancellationToken))!;
        var target = (await plans.GetAsync(db, to!.Id, cancellationToken))!;
        var ids = request.RunIds?.Distinct().ToList();
        var runs = await db.WorkflowRuns
            .Where(r => r.WorkflowId == workflowId && (ids == null ? r.VersionId == from.Id && (r.Status == RunStatus.Pending || r.Status == RunStatus.Waiting) : ids.Contains(r.Id)))
            .OrderBy(r => r.Id).Take(limit + 1)
            .ToListAsync(cancellationToken);
        var more = ids is null && runs.Count > limit;
        var now = clock.GetUtcNow();
        var moved = new List<StoredRun>();
        var notMoved = new List<RunNotMoved>();
        foreach (var missing in ids?.Where(id => runs.All(r => r.Id != id)) ?? [])
        {
            notMoved.Add(new RunNotMoved(missing, null, "There is no run of this workflow with this id."));
        }

        foreach (var run in runs.Take(limit))
        {
            if (Refusal(run, from, source, target) is { } why)
            {
                notMoved.Add(new RunNotMoved(run.Id, run.Position, why));
                continue;
            }

            run.VersionId = to.Id;
            run.Version = to.Version;
            run.Sequence++;
            run.UpdatedAt = now;
            db.WorkflowRunSteps.Add(new StoredRunStep
            {
                Id = StepLogIds.Next(), TenantId = run.TenantId, RunId = run.Id, StepId = run.Position ?? string.Empty, StepType = "migrate",
                Attempt = 1, StartedAt = now, DurationMs = 0,
                Output = JsonSerializer.Serialize(new { fromVersion = from.Version, toVersion = to.Version, by = actor }, WorkflowDocument.Json),
            });
            moved.Add(run);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Outcome<MigrateRunsResult>(null, Conflict: "Some of the runs moved on at the same time: migrate again.");
        }

        foreach (var run in moved.Where(r => r.Status == RunStatus.Pending && r.Attempt == 0))
        {
            queue.Enqueue(run.Id, run.Sequence);
        }

        return new Outcome<MigrateRunsResult>(new MigrateRunsResult(from.Version, to.Version, [.. moved.Select(r => r.Id)], notMoved, more));
    }

    private static string? Refusal(StoredRun run, StoredWorkflowVersion from, WorkflowPlan source, WorkflowPlan target)
    {
        if (run.VersionId != from.Id)
        {
            return $"The run is on version {run.Version}, not {from.Version}.";
        }

        if (run.Status is not (RunStatus.Pending or RunStatus.Waiting))
        {
            return $"The run is {run.Status}; only pending and waiting runs move.";
        }

        if (run.Position is null)
        {
            return null; // waits to finish: nothing of either version runs again
        }

        if (target.Step(run.Position) is not { } step)
        {
            return $"The step '{run.Position}' the run is at is not in version {target.Version}.";
        }

        if (source.Step(run.Position) is { } was && was.Type != step.Type)
        {
            return $"The step '{run.Position}' is a {was.Type} step in version {source.Version} but a {step.Type} step in version {target.Version}.";
        }

        // A run inside a loop keeps its place in that loop (its items and index), which only the same loop can go on with.
        return source.LoopOf(run.Position)?.Id != target.LoopOf(run.Position)?.Id
            ? $"The step '{run.Position}' sits in another loop in version {target.Version}."
            : null;
    }
}
