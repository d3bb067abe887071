using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>
/// Gives a signed-in person, on every request, their platform roles and the claims of their membership in the current
/// tenant (the tenant id and their role there), read from the catalog, so a granted or taken role and an ended
/// membership take effect at once: role claims that the cookie or token carried from sign-in are replaced. A key
/// carries its own claims.
/// </summary>
internal sealed class MembershipClaims(ITenantAccessor tenants, CatalogDbContext catalog) : IClaimsTransformation
{
    private const string Marker = "membership";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, AuthenticationType: not ApiKeyAuthenticationHandler.SchemeName }
            || principal.Identities.Any(i => i.AuthenticationType == Marker)
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return principal;
        }

        var current = new List<Claim>();
        current.AddRange((await (
            from userRole in catalog.UserRoles.AsNoTracking()
            join role in catalog.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name).ToListAsync()).Select(r => new Claim(ClaimTypes.Role, r!)));
        if (tenants.Tenant is { } tenant && await catalog.Memberships.AsNoTracking()
                .Where(m => m.TenantId == tenant.Id && m.UserId == userId)
                .Select(m => m.Role)
                .FirstOrDefaultAsync() is { } membership)
        {
            current.Add(new Claim(PlatformClaims.TenantId, tenant.Id.ToString()));
            current.Add(new Claim(ClaimTypes.Role, membership));
        }

        var refreshed = new ClaimsPrincipal();
        foreach (var identity in principal.Identities)
        {
            var copy = identity.Clone();
            foreach (var stale in copy.FindAll(c => c.Type == ClaimTypes.Role || c.Type == PlatformClaims.TenantId).ToList())
            {
                copy.RemoveClaim(stale);
            }

            refreshed.AddIdentity(copy);
        }

        refreshed.AddIdentity(new ClaimsIdentity(current, Marker));
        return refreshed;
    }
}
