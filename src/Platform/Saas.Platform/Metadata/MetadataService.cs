using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Metadata;

internal sealed class MetadataService(TenantDbContext db, ITenantAccessor tenants, IMemoryCache cache, MetadataVersionMemo memo) : IMetadataService
{
    private static readonly MemoryCacheEntryOptions KeepWhileUsed = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    /// <summary>Compiled once: every request that touches records asks it. The tenant is named as well as filtered.</summary>
    private static readonly CompiledPerModel<Func<TenantDbContext, Guid, CancellationToken, Task<long>>> VersionOf = new(() => EF.CompileAsyncQuery(
        (TenantDbContext context, Guid tenantId, CancellationToken _) => context.MetadataVersions.AsNoTracking().Where(v => v.TenantId == tenantId).Select(v => v.Version).FirstOrDefault()));

    /// <summary>The snapshot read inside the open transaction, for this scope only (a pack install reads it per record).</summary>
    private (object Transaction, long Version, MetadataSnapshot Snapshot)? inTransaction;

    public async Task<MetadataSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var tenant = tenants.Tenant ?? throw new InvalidOperationException("Metadata belongs to a tenant; none is current.");
        var transaction = db.Database.CurrentTransaction;
        if (!memo.TryGet(transaction, tenant.Id, out var version))
        {
            version = await ReadVersionAsync(tenant.Id, cancellationToken);
            memo.Remember(transaction, tenant.Id, version);
        }

        var key = new SnapshotKey(tenant.Id, version);
        if (cache.TryGetValue(key, out MetadataSnapshot? cached))
        {
            Recent(tenant.Id, cached!);
            return cached!;
        }

        if (transaction is not null && inTransaction is { } mine && mine.Transaction == transaction && mine.Version == version)
        {
            return mine.Snapshot;
        }

        var entities = await db.MetadataEntities.AsNoTracking().Where(e => e.DeletedAt == null).ToListAsync(cancellationToken);
        var fields = await db.MetadataFields.AsNoTracking().Where(f => f.DeletedAt == null).ToListAsync(cancellationToken);
        var rules = await db.MetadataRules.AsNoTracking().ToListAsync(cancellationToken);
        var snapshot = SnapshotBuilder.Build(version, entities, fields, rules);

        // Cached only when no change committed while it was read; otherwise the rows may mix two versions.
        // Nor while a transaction is open (a pack install): it may roll back, and another change then reuses the version.
        if (transaction is not null)
        {
            inTransaction = (transaction, version, snapshot);
        }
        else if (await ReadVersionAsync(tenant.Id, cancellationToken) == version)
        {
            cache.Set(key, snapshot, KeepWhileUsed);
            Recent(tenant.Id, snapshot);
        }

        return snapshot;
    }

    public Task<MetadataSnapshot> GetRecentSnapshotAsync(CancellationToken cancellationToken)
    {
        var tenant = tenants.Tenant ?? throw new InvalidOperationException("Metadata belongs to a tenant; none is current.");
        return db.Database.CurrentTransaction is null && cache.TryGetValue(new RecentKey(tenant.Id), out MetadataSnapshot? recent)
            ? Task.FromResult(recent!)
            : GetSnapshotAsync(cancellationToken);
    }

    /// <summary>Remembers a committed version's snapshot as the tenant's latest on this node, unless a later one is known.</summary>
    private void Recent(Guid tenantId, MetadataSnapshot snapshot)
    {
        var key = new RecentKey(tenantId);
        if (!cache.TryGetValue(key, out MetadataSnapshot? known) || known!.Version < snapshot.Version)
        {
            cache.Set(key, snapshot, KeepWhileUsed);
        }
    }

    private Task<long> ReadVersionAsync(Guid tenantId, CancellationToken cancellationToken) => VersionOf.For(db)(db, tenantId, cancellationToken);

    private sealed record SnapshotKey(Guid TenantId, long Version);

    private sealed record RecentKey(Guid TenantId);
}
