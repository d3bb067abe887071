using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>Keeps a workflow's timer row in step with its published version (added in the caller's unit of work).</summary>
internal sealed class WorkflowTimers(TenantDbContext db, ITenantAccessor tenants, WorkflowTimerTenants timed)
{
    /// <summary>
    /// A schedule is next due at its first occurrence after publishing; a date trigger handles fire times from now on
    /// (a republished one keeps its watermark, so dates already handled are not handled again).
    /// </summary>
    public async Task PublishingAsync(StoredWorkflowVersion version, WorkflowTrigger trigger, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timer = await db.WorkflowTimers.SingleOrDefaultAsync(t => t.WorkflowId == version.WorkflowId, cancellationToken);
        if (!WorkflowTriggerRules.IsTimed(trigger.Type))
        {
            if (timer is not null)
            {
                db.WorkflowTimers.Remove(timer);
            }

            return;
        }

        timed.Add(tenants.Tenant!.Id);
        var due = trigger.Type == WorkflowNames.Schedule
            ? WorkflowTriggerRules.NextOccurrence(trigger, now) ?? now.AddYears(100)
            : timer is { Kind: WorkflowNames.DateRelative } ? timer.DueAt : now;
        if (timer is null)
        {
            db.WorkflowTimers.Add(new StoredWorkflowTimer
            {
                Id = Uuid.NewSequential(),
                WorkflowId = version.WorkflowId,
                VersionId = version.Id,
                Kind = trigger.Type!,
                DueAt = due,
                UpdatedAt = now,
            });
            return;
        }

        timer.VersionId = version.Id;
        timer.Kind = trigger.Type!;
        timer.DueAt = due;
        timer.UpdatedAt = now;
    }

    /// <summary>A deleted workflow's timer and inbound hook go with it.</summary>
    public async Task RemovingAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        db.WorkflowTimers.RemoveRange(await db.WorkflowTimers.Where(t => t.WorkflowId == workflowId).ToListAsync(cancellationToken));
        db.WorkflowHooks.RemoveRange(await db.WorkflowHooks.Where(h => h.WorkflowId == workflowId).ToListAsync(cancellationToken));
    }
}
