using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Security;

/// <summary>A tenant's teams and who is in them.</summary>
internal sealed class TeamService(CatalogDbContext catalog, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<TeamResponse>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var teams = await catalog.Teams.AsNoTracking().Where(t => t.TenantId == tenantId).OrderBy(t => t.NormalizedName).ToListAsync(cancellationToken);
        var members = await MembersOf(teams.Select(t => t.Id).ToList(), cancellationToken);
        return [.. teams.Select(t => ToResponse(t, members))];
    }

    public async Task<TeamResponse?> FindAsync(Guid tenantId, Guid teamId, CancellationToken cancellationToken)
    {
        var team = await catalog.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.TenantId == tenantId && t.Id == teamId, cancellationToken);
        return team is null ? null : ToResponse(team, await MembersOf([team.Id], cancellationToken));
    }

    public async Task<Outcome<TeamResponse>> CreateAsync(Guid tenantId, TeamRequest request, string actor, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } errors)
        {
            return new Outcome<TeamResponse>(null, errors);
        }

        var name = request.Name!.Trim();
        if (await NameTakenAsync(tenantId, name, exceptTeam: null, cancellationToken))
        {
            return new Outcome<TeamResponse>(null, Conflict: $"There is already a team named '{name}'.");
        }

        var team = new Team { Id = Uuid.NewSequential(), TenantId = tenantId, Name = name, NormalizedName = name.ToUpperInvariant(), Description = request.Description?.Trim(), CreatedAt = clock.GetUtcNow() };
        catalog.Teams.Add(team);
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "team.created", team.Id.ToString(), team.Name, cancellationToken);
        return new Outcome<TeamResponse>(new TeamResponse(team.Id, team.Name, team.Description, [], team.CreatedAt));
    }

    public async Task<Outcome<TeamResponse>> UpdateAsync(Guid tenantId, Guid teamId, TeamRequest request, string actor, CancellationToken cancellationToken)
    {
        var team = await catalog.Teams.FirstOrDefaultAsync(t => t.TenantId == tenantId && t.Id == teamId, cancellationToken);
        if (team is null)
        {
            return new Outcome<TeamResponse>(null);
        }

        if (Validate(request with { Name = request.Name ?? team.Name }) is { } errors)
        {
            return new Outcome<TeamResponse>(null, errors);
        }

        var name = request.Name?.Trim() ?? team.Name;
        if (await NameTakenAsync(tenantId, name, exceptTeam: teamId, cancellationToken))
        {
            return new Outcome<TeamResponse>(null, Conflict: $"There is already a team named '{name}'.");
        }

        team.Name = name;
        team.NormalizedName = name.ToUpperInvariant();
        team.Description = request.Description is null ? team.Description : request.Description.Trim();
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "team.updated", team.Id.ToString(), team.Name, cancellationToken);
        return new Outcome<TeamResponse>(await FindAsync(tenantId, teamId, cancellationToken));
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid teamId, string actor, CancellationToken cancellationToken)
    {
        var deleted = await catalog.Teams.Where(t => t.TenantId == tenantId && t.Id == teamId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await catalog.TeamMembers.Where(m => m.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
            await audit.RecordAsync(actor, "team.deleted", teamId.ToString(), null, cancellationToken);
        }

        return deleted;
    }

    /// <summary>Null when the team or the tenant member does not exist; adding someone twice changes nothing.</summary>
    public async Task<TeamResponse?> AddMemberAsync(Guid tenantId, Guid teamId, Guid userId, string actor, CancellationToken cancellationToken)
    {
        var exists = await catalog.Teams.AnyAsync(t => t.TenantId == tenantId && t.Id == teamId, cancellationToken)
            && await catalog.Memberships.AnyAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);
        if (!exists)
        {
            return null;
        }

        if (!await catalog.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken))
        {
            catalog.TeamMembers.Add(new TeamMember { TeamId = teamId, UserId = userId, AddedAt = clock.GetUtcNow() });
            await catalog.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(actor, "team.member_added", teamId.ToString(), userId.ToString(), cancellationToken);
        }

        return await FindAsync(tenantId, teamId, cancellationToken);
    }

    public async Task<TeamResponse?> RemoveMemberAsync(Guid tenantId, Guid teamId, Guid userId, string actor, CancellationToken cancellationToken)
    {
        if (!await catalog.Teams.AnyAsync(t => t.TenantId == tenantId && t.Id == teamId, cancellationToken)
            || await catalog.TeamMembers.Where(m => m.TeamId == teamId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }

        await audit.RecordAsync(actor, "team.member_removed", teamId.ToString(), userId.ToString(), cancellationToken);
        return await FindAsync(tenantId, teamId, cancellationToken);
    }

    private static Dictionary<string, string[]>? Validate(TeamRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }

        if (request.Description is { Length: > 1000 })
        {
            errors["description"] = ["The description must be at most 1000 characters long."];
        }

        return errors.Count > 0 ? errors : null;
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string name, Guid? exceptTeam, CancellationToken cancellationToken)
    {
        var normalized = name.ToUpperInvariant();
        return catalog.Teams.AnyAsync(t => t.TenantId == tenantId && t.NormalizedName == normalized && t.Id != exceptTeam, cancellationToken);
    }

    private async Task<ILookup<Guid, TeamMemberResponse>> MembersOf(List<Guid> teamIds, CancellationToken cancellationToken)
    {
        var rows = await (
            from member in catalog.TeamMembers.AsNoTracking()
            join user in catalog.Users on member.UserId equals user.Id
            where teamIds.Contains(member.TeamId)
            orderby user.Email
            select new { member.TeamId, user.Id, user.Email, user.DisplayName, member.AddedAt }).ToListAsync(cancellationToken);
        return rows.ToLookup(r => r.TeamId, r => new TeamMemberResponse(r.Id, r.Email!, r.DisplayName, r.AddedAt));
    }

    private static TeamResponse ToResponse(Team team, ILookup<Guid, TeamMemberResponse> members) =>
        new(team.Id, team.Name, team.Description, [.. members[team.Id]], team.CreatedAt);
}
