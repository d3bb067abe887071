using Microsoft.AspNetCore.Identity;

namespace Saas.Platform.Security;

/// <summary>A person who signs in. Users live in the catalog: one account can be a member of several tenants.</summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A user's place in one tenant: the role they hold there.</summary>
internal sealed class Membership
{
    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required Guid UserId { get; init; }

    public required string Role { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The roles a member can hold in a tenant, most powerful first; what each may do with records is in <c>Access</c>.</summary>
public static class TenantRoles
{
    public const string Admin = PlatformClaims.TenantAdminRole;
    public const string Manager = "manager";
    public const string Staff = "staff";
    public const string ReadOnly = "readonly";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Staff, ReadOnly];

    /// <summary>Null when valid, else why not.</summary>
    public static string? Validate(string? role) =>
        role is not null && All.Contains(role) ? null : $"The role must be one of: {string.Join(", ", All)}.";
}
