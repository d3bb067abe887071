using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>
/// Gives a signed-in person the claims of their membership in the current tenant (the tenant id and their role there),
/// read on every request, so a changed role or an ended membership takes effect at once. A key carries its own claims.
/// </summary>
internal sealed class MembershipClaims(ITenantAccessor tenants, CatalogDbContext catalog) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var tenant = tenants.Tenant;
        if (tenant is null
            || principal.Identity is not { IsAuthenticated: true, AuthenticationType: not ApiKeyAuthenticationHandler.SchemeName }
            || principal.HasClaim(c => c.Type == PlatformClaims.TenantId)
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return principal;
        }

        var role = await catalog.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenant.Id && m.UserId == userId)
            .Select(m => m.Role)
            .FirstOrDefaultAsync();
        if (role is null)
        {
            return principal;
        }

        var withMembership = principal.Clone();
        withMembership.AddIdentity(new ClaimsIdentity([new(PlatformClaims.TenantId, tenant.Id.ToString()), new(ClaimTypes.Role, role)], "membership"));
        return withMembership;
    }
}
