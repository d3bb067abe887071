using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>The active tenants a person is a member of: <c>GET /api/auth/me</c> and the staff app's tenant switcher read the same list.</summary>
internal static class Memberships
{
    public static async Task<IReadOnlyList<MembershipSummary>> OfUserAsync(CatalogDbContext catalog, Guid userId, CancellationToken cancellationToken) =>
        await (
            from membership in catalog.Memberships.AsNoTracking()
            join tenant in catalog.Tenants on membership.TenantId equals tenant.Id
            where membership.UserId == userId && tenant.IsActive
            orderby tenant.Identifier
            select new MembershipSummary(tenant.Identifier, tenant.Name, membership.Role)).ToListAsync(cancellationToken);
}
