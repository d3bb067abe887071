using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>
/// Moves runs on from the engine's own tables: new runs started by record writes, waits whose time has come, approvals
/// that timed out, retries whose back-off has passed and steps whose job was lost. Each is claimed (its sequence
/// moves on, so a concurrent claim fails) and its step enqueued. Also hands undelivered mail to the outbox.
/// </summary>
internal sealed class WorkflowSweep(TenantDbContext db, WorkflowPlans plans, WorkflowQueue queue, WorkflowEffects effects, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public const int Batch = 200;

    /// <summary>
    /// Sweeps the current tenant; <paramref name="recovering"/> (at start-up) also takes pending runs whose job may
    /// have been lost with the job storage, without waiting for their lease to run out. Answers whether runs remain unfinished.
    /// </summary>
    public async Task<bool> SweepAsync(bool recovering, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.WorkflowRuns
            .Where(r => (r.Status == RunStatus.Pending && (r.DueAt == null || r.DueAt <= now || (recovering && r.Attempt == 0)))
                || (r.Status == RunStatus.Waiting && r.DueAt != null && r.DueAt <= now))
            .OrderBy(r => r.Id).Take(Batch)
            .ToListAsync(cancellationToken);
        var claimed = new List<StoredRun>();
        foreach (var run in due)
        {
            if (await ClaimAsync(run, now, cancellationToken))
            {
                claimed.Add(run);
            }
        }

        queue.EnqueueMany(claimed);

        await effects.DeliverAsync(null, cancellationToken);
        return await db.WorkflowRuns.AnyAsync(r => r.Status == RunStatus.Pending || r.Status == RunStatus.Waiting, cancellationToken);
    }

    /// <summary>Claims a due run; answers whether its next step is to be enqueued.</summary>
    private async Task<bool> ClaimAsync(StoredRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (run.Status == RunStatus.Waiting && run.Bookmark is not null)
        {
            var bookmark = JsonSerializer.Deserialize<ApprovalBookmark>(run.Bookmark, WorkflowDocument.Json)!;
            var plan = await plans.GetAsync(db, run.VersionId, cancellationToken);
            var step = plan?.Step(bookmark.Step);
            run.Position = step is null ? null : plan!.Enter(step.TimedOut, step.Id!);
            run.Bookmark = null;
            db.WorkflowRunSteps.Add(new StoredRunStep
            {
                Id = StepLogIds.Next(),
                TenantId = run.TenantId,
                RunId = run.Id,
                StepId = bookmark.Step,
                StepType = WorkflowNames.Approval,
                Attempt = 1,
                StartedAt = now,
                DurationMs = 0,
                Output = "{\"decision\":\"timedOut\"}",
            });
        }

        run.Sequence++;
        run.UpdatedAt = now;
        run.Attempt = 0;
        if (run.Position is null)
        {
            run.Status = RunStatus.Completed;
            run.CompletedAt = now;
            run.DueAt = null;
        }
        else
        {
            run.Status = RunStatus.Pending;
            run.DueAt = now + options.Value.Lease;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(run).State = EntityState.Detached; // another node or job claimed it first
            return false;
        }

        return run.Status == RunStatus.Pending;
    }
}

/// <summary>Sweeps every tenant with workflow activity in this process, each with its tenant current, on a timer and when woken.</summary>
internal sealed partial class WorkflowDispatcher(
    IServiceScopeFactory scopes, ITenantSetter setter, WorkflowActivity activity, PlatformReadiness readiness, IOptions<WorkflowOptions> options, ILogger<WorkflowDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await activity.WaitAsync(options.Value.PollInterval, stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken); // let the write that woke us commit
                }

                if (readiness.IsReady)
                {
                    foreach (var tenantId in activity.Tenants)
                    {
                        await SweepAsync(scopes, setter, tenantId, recovering: false, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <summary>Sweeps one tenant in scopes that see it; answers whether it still has unfinished runs.</summary>
    internal static async Task<bool> SweepAsync(IServiceScopeFactory scopes, ITenantSetter setter, Guid tenantId, bool recovering, CancellationToken cancellationToken)
    {
        TenantInfo? tenant;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            tenant = await lookup.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(tenantId, cancellationToken);
        }

        if (tenant is not { IsActive: true })
        {
            return false;
        }

        using (setter.Begin(tenant))
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WorkflowSweep>().SweepAsync(recovering, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}

/// <summary>
/// At start-up, after migrations: sweeps every active tenant once, re-enqueuing pending runs whose jobs an in-memory
/// job storage lost and anything that fell due while the process was down, and registers tenants with unfinished runs.
/// </summary>
internal sealed class WorkflowRecovery(CatalogDbContext catalog, IServiceScopeFactory scopes, ITenantSetter setter, WorkflowActivity activity) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tenants = await catalog.Tenants.AsNoTracking().Where(t => t.IsActive).Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            if (await WorkflowDispatcher.SweepAsync(scopes, setter, tenantId, recovering: true, cancellationToken))
            {
                activity.Touch(tenantId);
            }
        }
    }
}
