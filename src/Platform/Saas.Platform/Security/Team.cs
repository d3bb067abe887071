namespace Saas.Platform.Security;

/// <summary>A group of a tenant's members: record scopes ("my team's records") and round-robin assignment build on it.</summary>
internal sealed class Team
{
    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required string Name { get; set; }

    public required string NormalizedName { get; set; }

    public string? Description { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A member in a team. Only members of the team's tenant can be in it.</summary>
internal sealed class TeamMember
{
    public required Guid TeamId { get; init; }

    public required Guid UserId { get; init; }

    public required DateTimeOffset AddedAt { get; init; }
}

/// <summary>A team as the API shows it.</summary>
public sealed record TeamResponse(Guid Id, string Name, string? Description, IReadOnlyList<TeamMemberResponse> Members, DateTimeOffset CreatedAt);

public sealed record TeamMemberResponse(Guid UserId, string Email, string DisplayName, DateTimeOffset AddedAt);

/// <summary>The body of <c>POST /api/teams</c> and <c>PATCH /api/teams/{teamId}</c>.</summary>
public sealed record TeamRequest(string? Name, string? Description);
