using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Access;

/// <summary>Which permission sets each tenant role is made of.</summary>
internal sealed class RoleService(CatalogDbContext catalog, IAuditLog audit)
{
    public async Task<IReadOnlyList<RoleResponse>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var sets = await (
            from roleSet in catalog.RolePermissionSets.AsNoTracking()
            join set in catalog.PermissionSets.AsNoTracking() on roleSet.PermissionSetId equals set.Id
            where roleSet.TenantId == tenantId
            orderby set.NormalizedName
            select new { roleSet.Role, set.Id, set.Name }).ToListAsync(cancellationToken);
        return [.. TenantRoles.All.Select(role =>
        {
            var mine = sets.Where(s => s.Role == role).Select(s => new RoleSetResponse(s.Id, s.Name)).ToList();
            var usesDefaults = mine.Count == 0 || role == TenantRoles.Admin;
            return new RoleResponse(role, mine, usesDefaults, usesDefaults ? DefaultPermissions.Describe(role) : null);
        })];
    }

    public async Task<Outcome<RoleResponse>> SetAsync(Guid tenantId, string role, RoleRequest request, string actor, CancellationToken cancellationToken)
    {
        if (!TenantRoles.All.Contains(role))
        {
            return new Outcome<RoleResponse>(null);
        }

        if (role == TenantRoles.Admin)
        {
            return Outcome.Invalid<RoleResponse>("role", "The admin role always has full access, so that admins cannot lock the tenant out; it takes no permission sets.");
        }

        var ids = (request.PermissionSets ?? []).Distinct().ToList();
        var known = await catalog.PermissionSets.Where(s => s.TenantId == tenantId && ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        if (ids.Except(known).ToList() is { Count: > 0 } unknown)
        {
            return Outcome.Invalid<RoleResponse>("permissionSets", $"There is no permission set {string.Join(", ", unknown)} in this tenant.");
        }

        await catalog.RolePermissionSets.Where(r => r.TenantId == tenantId && r.Role == role).ExecuteDeleteAsync(cancellationToken);
        catalog.RolePermissionSets.AddRange(ids.Select(id => new RolePermissionSet { TenantId = tenantId, Role = role, PermissionSetId = id }));
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "role.permissionsets_changed", role, ids.Count == 0 ? "defaults" : string.Join(",", ids), cancellationToken);
        return new Outcome<RoleResponse>((await ListAsync(tenantId, cancellationToken)).Single(r => r.Role == role));
    }
}
