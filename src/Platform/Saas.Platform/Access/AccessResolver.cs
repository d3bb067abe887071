using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Access;

/// <summary>The rules a role is made of, named for explanations.</summary>
internal sealed record RoleRules(string Source, PermissionRules Rules);

/// <summary>Reads what a role is made of and who is in a caller's scope, from the catalog, once per scope.</summary>
internal sealed class AccessResolver(CatalogDbContext catalog)
{
    private readonly Dictionary<(Guid, string), IReadOnlyList<RoleRules>> roles = [];

    /// <summary>The admin role always has full access, so an admin cannot lock the tenant out of its own data.</summary>
    public async Task<IReadOnlyList<RoleRules>> RulesOfAsync(Guid tenantId, string role, CancellationToken cancellationToken)
    {
        if (roles.TryGetValue((tenantId, role), out var known))
        {
            return known;
        }

        IReadOnlyList<RoleRules> rules;
        if (role == TenantRoles.Admin)
        {
            rules = [new RoleRules("the admin role, which always has full access", DefaultPermissions.Of(role))];
        }
        else
        {
            var sets = await (
                from roleSet in catalog.RolePermissionSets.AsNoTracking()
                join set in catalog.PermissionSets.AsNoTracking() on roleSet.PermissionSetId equals set.Id
                where roleSet.TenantId == tenantId && roleSet.Role == role
                orderby set.NormalizedName
                select new { set.Name, set.Rules }).ToListAsync(cancellationToken);
            rules = sets.Count == 0
                ? [new RoleRules($"the default {role} permissions", DefaultPermissions.Of(role))]
                : [.. sets.Select(s => new RoleRules($"permission set {s.Name}", PermissionRules.FromStored(s.Rules)))];
        }

        roles[(tenantId, role)] = rules;
        return rules;
    }

    public async Task<EntityPermission> PermissionAsync(Guid tenantId, string role, EntityDefinition entity, CancellationToken cancellationToken)
    {
        var rules = await RulesOfAsync(tenantId, role, cancellationToken);
        return new EntityPermission(entity, [.. rules.Select(r => r.Rules.For(entity.ApiName) is { } rule ? new Grant(r.Source, rule) : null).OfType<Grant>()]);
    }

    /// <summary>The owners whose records a scope reaches: the user alone, or the user and everyone in a team with them.</summary>
    public async Task<IReadOnlyList<Guid?>> OwnersAsync(Guid tenantId, Guid? userId, RecordScope scope, CancellationToken cancellationToken)
    {
        if (userId is not { } me)
        {
            return [];
        }

        if (scope != RecordScope.Team)
        {
            return [me];
        }

        var mates = await (
            from mine in catalog.TeamMembers.AsNoTracking()
            join team in catalog.Teams.AsNoTracking() on mine.TeamId equals team.Id
            join mate in catalog.TeamMembers.AsNoTracking() on team.Id equals mate.TeamId
            where mine.UserId == me && team.TenantId == tenantId
            select mate.UserId).Distinct().ToListAsync(cancellationToken);
        return [.. mates.Append(me).Distinct().Select(id => (Guid?)id)];
    }
}
