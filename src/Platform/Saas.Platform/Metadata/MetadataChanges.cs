using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Metadata;

/// <summary>
/// The one way a metadata change is saved: the rows, the tenant's version bump and the audit entries in one
/// transaction. The version row is read when the change begins, so a change that committed in between makes this one
/// fail as a conflict instead of saving over what it did not see.
/// </summary>
internal sealed class MetadataChanges(TenantDbContext db, IAuditLog audit, ITenantAccessor tenants, MetadataVersionMemo memo, ILogger<MetadataChanges> logger)
{
    private MetadataVersion? version;
    private bool begun;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        version = await db.MetadataVersions.FirstOrDefaultAsync(cancellationToken);
        begun = true;
    }

    /// <summary>
    /// Bumps the tenant's version in the caller's open transaction for a change that is not metadata but that readers
    /// cache by the version (a workflow published, archived or deleted changes which workflows a record write
    /// starts), so every node sees it on its next request without reading anything more. The bump is one UPDATE, so a
    /// metadata change that raced it fails on its version token as with any other metadata change.
    /// </summary>
    public async Task BumpAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The version is bumped inside the transaction of the change it stands for.");
        }

        // A version row this scope tracks would be stale after the UPDATE: the next change reads it again.
        foreach (var tracked in db.ChangeTracker.Entries<MetadataVersion>().ToList())
        {
            tracked.State = EntityState.Detached;
        }

        var tenantId = tenants.Tenant!.Id;
        if (await db.MetadataVersions.Where(v => v.TenantId == tenantId).ExecuteUpdateAsync(set => set.SetProperty(v => v.Version, v => v.Version + 1), cancellationToken) == 0)
        {
            db.MetadataVersions.Add(new MetadataVersion { TenantId = tenantId, Version = 1 });
        }

        memo.Forget();
    }

    public async Task<MetadataOutcome> CommitAsync(string actor, IReadOnlyList<MetadataNote> notes, CancellationToken cancellationToken)
    {
        if (!begun)
        {
            throw new InvalidOperationException("A metadata change must begin before it reads what it changes.");
        }

        if (version is null)
        {
            version = new MetadataVersion { TenantId = tenants.Tenant!.Id };
            db.MetadataVersions.Add(version);
        }

        version.Version++;
        memo.Forget();
        try
        {
            await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var note in notes)
            {
                var details = note.Details is null ? $"version {version.Version}" : $"version {version.Version}; {note.Details}";
                await audit.RecordAsync(actor, note.Action, note.Target, details, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return MetadataOutcome.Done;
        }
        catch (DbUpdateException ex)
        {
            // Another change of this tenant's metadata committed first (the version token or a unique index decided).
            logger.LogInformation(ex, "A metadata change of tenant {Tenant} lost a race and was not saved", tenants.Tenant!.Identifier);
            return MetadataOutcome.Conflict("Concurrent change", "The tenant's metadata changed while this request was applied; send it again.");
        }
    }
}
