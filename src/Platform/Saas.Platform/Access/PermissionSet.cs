using System.Text.Json.Nodes;

namespace Saas.Platform.Access;

/// <summary>A tenant's named bundle of entity rules; roles are made of sets.</summary>
internal sealed class PermissionSet
{
    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required string Name { get; set; }

    public required string NormalizedName { get; set; }

    public string? Description { get; set; }

    /// <summary>The rules as JSON (see <see cref="PermissionRules"/>).</summary>
    public required string Rules { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

/// <summary>One permission set a tenant role is made of. A role without any uses its defaults.</summary>
internal sealed class RolePermissionSet
{
    public required Guid TenantId { get; init; }

    public required string Role { get; init; }

    public required Guid PermissionSetId { get; init; }
}

/// <summary>The body of <c>POST /api/access/permission-sets</c> and <c>PUT /api/access/permission-sets/{setId}</c>.</summary>
public sealed record PermissionSetRequest(string? Name, string? Description, JsonObject? Rules);

/// <summary>A permission set as the API shows it, with the roles made of it.</summary>
public sealed record PermissionSetResponse(Guid Id, string Name, string? Description, JsonObject Rules, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt);

/// <summary>The body of <c>PUT /api/access/roles/{role}</c>: the sets the role is made of; empty for its defaults.</summary>
public sealed record RoleRequest(IReadOnlyList<Guid>? PermissionSets);

/// <summary>A role with its sets, or with the defaults it uses when it has none.</summary>
public sealed record RoleResponse(string Role, IReadOnlyList<RoleSetResponse> PermissionSets, bool UsesDefaults, string? Defaults);

public sealed record RoleSetResponse(Guid Id, string Name);
