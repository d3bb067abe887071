using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// Which tenants run which version of a publisher's packs. Each tenant is read in its own scope with the tenant current
/// (its query filter, its row-level security, its dedicated database when it has one), as a job would: the answer names
/// tenants and versions only, nothing of their data.
/// </summary>
internal sealed class PackInstalls(CatalogDbContext catalog, ITenantSetter tenantSetter, IServiceScopeFactory scopes)
{
    public async Task<List<PackInstallResponse>> OfPublisherAsync(string publisher, CancellationToken cancellationToken)
    {
        var installs = new List<PackInstallResponse>();
        var tenants = await catalog.Tenants.AsNoTracking().OrderBy(t => t.Identifier).ToListAsync(cancellationToken);
        foreach (var tenant in tenants)
        {
            using (tenantSetter.Begin(tenant))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
                installs.AddRange((await db.InstalledPacks.AsNoTracking().Where(p => p.Publisher == publisher).ToListAsync(cancellationToken))
                    .OrderBy(p => p.PackId, StringComparer.Ordinal)
                    .Select(p => new PackInstallResponse(tenant.Identifier, p.PackId, p.Version, p.InstalledAt, p.UpgradedAt)));
            }
        }

        return installs;
    }
}
