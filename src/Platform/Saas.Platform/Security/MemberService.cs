using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>A member of a tenant as the API shows it.</summary>
public sealed record MemberResponse(Guid UserId, string Email, string DisplayName, string Role, DateTimeOffset MemberSince);

/// <summary>The body of <c>PATCH /api/members/{userId}</c>.</summary>
public sealed record ChangeRoleRequest(string? Role);

/// <summary>Lists a tenant's members and changes or ends their memberships; the last admin cannot be demoted or removed.</summary>
internal sealed class MemberService(CatalogDbContext catalog, IAuditLog audit)
{
    public async Task<IReadOnlyList<MemberResponse>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await Members(tenantId, userId: null).ToListAsync(cancellationToken);

    public Task<MemberResponse?> FindAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken) =>
        Members(tenantId, userId).FirstOrDefaultAsync(cancellationToken);

    public async Task<Outcome<MemberResponse>> ChangeRoleAsync(Guid tenantId, Guid userId, string? role, string actor, CancellationToken cancellationToken)
    {
        if (TenantRoles.Validate(role) is { } error)
        {
            return Outcome.Invalid<MemberResponse>("role", error);
        }

        var membership = await catalog.Memberships.FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return new Outcome<MemberResponse>(null);
        }

        if (membership.Role == TenantRoles.Admin && role != TenantRoles.Admin && await IsLastAdminAsync(tenantId, cancellationToken))
        {
            return new Outcome<MemberResponse>(null, Conflict: "The tenant's last admin cannot be demoted: make someone else admin first.");
        }

        var previous = membership.Role;
        membership.Role = role!;
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "membership.role_changed", userId.ToString(), $"{previous} -> {role}", cancellationToken);
        return new Outcome<MemberResponse>(await FindAsync(tenantId, userId, cancellationToken));
    }

    public async Task<Outcome<MemberResponse>> RemoveAsync(Guid tenantId, Guid userId, string actor, CancellationToken cancellationToken)
    {
        var member = await FindAsync(tenantId, userId, cancellationToken);
        if (member is null)
        {
            return new Outcome<MemberResponse>(null);
        }

        if (member.Role == TenantRoles.Admin && await IsLastAdminAsync(tenantId, cancellationToken))
        {
            return new Outcome<MemberResponse>(null, Conflict: "The tenant's last admin cannot be removed: make someone else admin first.");
        }

        await catalog.Memberships.Where(m => m.TenantId == tenantId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await catalog.TeamMembers
            .Where(m => m.UserId == userId && catalog.Teams.Any(t => t.Id == m.TeamId && t.TenantId == tenantId))
            .ExecuteDeleteAsync(cancellationToken);
        await audit.RecordAsync(actor, "membership.removed", userId.ToString(), member.Email, cancellationToken);
        return new Outcome<MemberResponse>(member);
    }

    private async Task<bool> IsLastAdminAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await catalog.Memberships.CountAsync(m => m.TenantId == tenantId && m.Role == TenantRoles.Admin, cancellationToken) <= 1;

    // Filters and order come before the projection: EF cannot translate them on a constructed record.
    private IQueryable<MemberResponse> Members(Guid tenantId, Guid? userId) =>
        from membership in catalog.Memberships.AsNoTracking()
        join user in catalog.Users on membership.UserId equals user.Id
        where membership.TenantId == tenantId && (userId == null || membership.UserId == userId)
        orderby user.Email
        select new MemberResponse(user.Id, user.Email!, user.DisplayName, membership.Role, membership.CreatedAt);
}
