using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;

namespace Saas.Platform.Tenancy;

/// <summary>
/// The catalog table behind a short cache. Changes on this node evict at once; other nodes see them within
/// <see cref="TenancyOptions.CacheSeconds"/>, so a disabled tenant is refused everywhere within that time.
/// </summary>
internal sealed class CatalogTenantStore(CatalogDbContext catalog, IMemoryCache cache, IOptions<TenancyOptions> options) : ITenantStore
{
    private TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.CacheSeconds);

    public Task<TenantInfo?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(CacheKey(identifier), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Identifier == identifier, cancellationToken);
        });

    public Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(CacheKey(id), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        });

    public async Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken cancellationToken) =>
        await catalog.Tenants.AsNoTracking().OrderBy(t => t.Identifier).ToListAsync(cancellationToken);

    public async Task AddAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        catalog.Tenants.Add(tenant);
        await catalog.SaveChangesAsync(cancellationToken);
        catalog.Entry(tenant).State = EntityState.Detached;
        Evict(tenant);
    }

    public async Task<bool> SetActiveAsync(Guid id, bool isActive, CancellationToken cancellationToken)
    {
        var tenant = await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return false;
        }

        await catalog.Tenants.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, isActive), cancellationToken);
        Evict(tenant);
        return true;
    }

    private void Evict(TenantInfo tenant)
    {
        cache.Remove(CacheKey(tenant.Identifier));
        cache.Remove(CacheKey(tenant.Id));
    }

    private static string CacheKey(string identifier) => "tenant:identifier:" + identifier;

    private static string CacheKey(Guid id) => "tenant:id:" + id;
}
