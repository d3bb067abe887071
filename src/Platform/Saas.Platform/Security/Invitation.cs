namespace Saas.Platform.Security;

/// <summary>An invitation to join a tenant with a role. The token travels by mail; only its hash is stored.</summary>
internal sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required string Email { get; init; }

    public required string Role { get; init; }

    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string InvitedBy { get; init; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string Status(DateTimeOffset now) =>
        AcceptedAt is not null ? "accepted" : RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "pending";
}

/// <summary>An invitation as the API shows it (never its token).</summary>
public sealed record InvitationResponse(Guid Id, string Email, string Role, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string InvitedBy);
