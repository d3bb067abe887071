using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>A workflow as the API answers it: the draft, which version is published and every version so far.</summary>
public sealed record WorkflowResponse(
    Guid Id, string Name, string Status, int? PublishedVersion, bool DraftChanged, WorkflowDocument Draft, IReadOnlyList<WorkflowVersionInfo> Versions,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ModifiedAt, string ModifiedBy);

public sealed record WorkflowVersionInfo(int Version, string Status, DateTimeOffset PublishedAt, string PublishedBy);

public sealed record WorkflowSummary(Guid Id, string Name, string Status, int? PublishedVersion, string? TriggerType, string? TriggerEntity, DateTimeOffset ModifiedAt);

/// <summary>A published version with its immutable document.</summary>
public sealed record WorkflowVersionResponse(Guid WorkflowId, int Version, string Status, DateTimeOffset PublishedAt, string PublishedBy, WorkflowDocument Document);

/// <summary>Creates, edits, publishes and deletes the current tenant's workflow definitions; every change is audited.</summary>
internal sealed class WorkflowDefinitions(TenantDbContext db, WorkflowValidator validator, WorkflowTimers timers, MetadataChanges versions, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(CancellationToken cancellationToken) =>
        await db.Workflows.AsNoTracking().OrderBy(w => w.Name)
            .Select(w => new WorkflowSummary(w.Id, w.Name, w.PublishedVersion == null ? "draft" : "published", w.PublishedVersion, w.TriggerType, w.TriggerEntity, w.ModifiedAt))
            .ToListAsync(cancellationToken);

    public async Task<WorkflowResponse?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is { } workflow
            ? await ViewAsync(workflow, cancellationToken)
            : null;

    public async Task<WorkflowVersionResponse?> FindVersionAsync(Guid id, int version, CancellationToken cancellationToken) =>
        await db.WorkflowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.WorkflowId == id && v.Version == version, cancellationToken) is { } found
            ? new WorkflowVersionResponse(found.WorkflowId, found.Version, found.Status, found.PublishedAt, found.PublishedBy, WorkflowDocument.Deserialize(found.Document))
            : null;

    public async Task<Outcome<WorkflowResponse>> CreateAsync(Guid tenantId, WorkflowDocument document, string actor, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(tenantId, document, cancellationToken);
        if (errors.Count > 0)
        {
            return new Outcome<WorkflowResponse>(null, errors);
        }

        var now = clock.GetUtcNow();
        var workflow = new StoredWorkflow
        {
            Id = Uuid.NewSequential(),
            Name = document.Name!,
            Draft = document.Serialize(),
            CreatedAt = now,
            CreatedBy = actor,
            ModifiedAt = now,
            ModifiedBy = actor,
        };
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.created", workflow.Id.ToString(), workflow.Name, cancellationToken);
        return new Outcome<WorkflowResponse>(await ViewAsync(workflow, cancellationToken));
    }

    public async Task<Outcome<WorkflowResponse>> UpdateAsync(Guid tenantId, Guid id, WorkflowDocument document, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } workflow)
        {
            return new Outcome<WorkflowResponse>(null);
        }

        var errors = await validator.ValidateAsync(tenantId, document, cancellationToken);
        if (errors.Count > 0)
        {
            return new Outcome<WorkflowResponse>(null, errors);
        }

        workflow.Name = document.Name!;
        workflow.Draft = document.Serialize();
        workflow.DraftChanged = true;
        workflow.ModifiedAt = clock.GetUtcNow();
        workflow.ModifiedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.updated", workflow.Id.ToString(), workflow.Name, cancellationToken);
        return new Outcome<WorkflowResponse>(await ViewAsync(workflow, cancellationToken));
    }

    /// <summary>Publishes the draft as the next version (checked again: the metadata may have changed since it was saved); the previous one is archived.</summary>
    public async Task<Outcome<WorkflowResponse>> PublishAsync(Guid tenantId, Guid id, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } workflow)
        {
            return new Outcome<WorkflowResponse>(null);
        }

        var document = WorkflowDocument.Deserialize(workflow.Draft);
        var errors = await validator.ValidateAsync(tenantId, document, cancellationToken);
        if (errors.Count > 0)
        {
            return new Outcome<WorkflowResponse>(null, errors);
        }

        var now = clock.GetUtcNow();
        foreach (var previous in await db.WorkflowVersions.Where(v => v.WorkflowId == id && v.Status == StoredWorkflowVersion.Published).ToListAsync(cancellationToken))
        {
            previous.Status = StoredWorkflowVersion.Archived;
        }

        workflow.LatestVersion++;
        var version = new StoredWorkflowVersion
        {
            Id = Uuid.NewSequential(),
            WorkflowId = id,
            Version = workflow.LatestVersion,
            Document = workflow.Draft,
            Status = StoredWorkflowVersion.Published,
            PublishedAt = now,
            PublishedBy = actor,
        };
        db.WorkflowVersions.Add(version);
        await timers.PublishingAsync(version, document.Trigger!, now, cancellationToken);
        workflow.PublishedVersion = workflow.LatestVersion;
        workflow.TriggerType = document.Trigger!.Type;
        workflow.TriggerEntity = document.Trigger.Entity!.ToLowerInvariant();
        workflow.DraftChanged = false;
        workflow.ModifiedAt = now;
        workflow.ModifiedBy = actor;
        await SaveWithVersionAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.published", workflow.Id.ToString(), $"{workflow.Name} version {workflow.LatestVersion}", cancellationToken);
        return new Outcome<WorkflowResponse>(await ViewAsync(workflow, cancellationToken));
    }

    /// <summary>Removes the definition; its versions stay, archived, so runs already started finish on theirs and stay readable.</summary>
    public async Task<bool> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } workflow)
        {
            return false;
        }

        foreach (var version in await db.WorkflowVersions.Where(v => v.WorkflowId == id && v.Status == StoredWorkflowVersion.Published).ToListAsync(cancellationToken))
        {
            version.Status = StoredWorkflowVersion.Archived;
        }

        await timers.RemovingAsync(id, cancellationToken);
        db.Workflows.Remove(workflow);
        await SaveWithVersionAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.deleted", workflow.Id.ToString(), workflow.Name, cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes the workflow out of service without deleting it (a pack no longer has it): its published version is archived,
    /// so triggers no longer start it, and its timers and hooks go; the definition, its versions and its runs stay.
    /// </summary>
    public async Task<bool> ArchiveAsync(Guid id, string actor, string reason, CancellationToken cancellationToken)
    {
        if (await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } workflow)
        {
            return false;
        }

        foreach (var version in await db.WorkflowVersions.Where(v => v.WorkflowId == id && v.Status == StoredWorkflowVersion.Published).ToListAsync(cancellationToken))
        {
            version.Status = StoredWorkflowVersion.Archived;
        }

        await timers.RemovingAsync(id, cancellationToken);
        workflow.PublishedVersion = null;
        workflow.TriggerType = null;
        workflow.TriggerEntity = null;
        workflow.DraftChanged = true;
        workflow.ModifiedAt = clock.GetUtcNow();
        workflow.ModifiedBy = actor;
        await SaveWithVersionAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.archived", workflow.Id.ToString(), $"{workflow.Name}: {reason}", cancellationToken);
        return true;
    }

    /// <summary>
    /// Saves a change of which workflows are published with a bump of the tenant's metadata version, in one transaction:
    /// record writes key the published workflows they consider on that version (<see cref="WorkflowTriggers"/>).
    /// </summary>
    private async Task SaveWithVersionAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
        await versions.BumpAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<WorkflowResponse> ViewAsync(StoredWorkflow workflow, CancellationToken cancellationToken)
    {
        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflow.Id).OrderBy(v => v.Version)
            .Select(v => new WorkflowVersionInfo(v.Version, v.Status, v.PublishedAt, v.PublishedBy))
            .ToListAsync(cancellationToken);
        return new WorkflowResponse(
            workflow.Id, workflow.Name, workflow.PublishedVersion is null ? "draft" : "published", workflow.PublishedVersion, workflow.DraftChanged,
            WorkflowDocument.Deserialize(workflow.Draft), versions, workflow.CreatedAt, workflow.CreatedBy, workflow.ModifiedAt, workflow.ModifiedBy);
    }
}
