namespace Saas.Platform.Tenancy;

/// <summary>Where a tenant's data lives.</summary>
public enum TenantIsolation
{
    /// <summary>In the platform database, next to other tenants' rows, separated by <c>TenantId</c>.</summary>
    Shared,

    /// <summary>In a database of its own, named by <see cref="TenantInfo.ConnectionString"/>.</summary>
    Dedicated,
}

/// <summary>A tenant as the catalog knows it. Immutable: the catalog hands out copies, never shared mutable state.</summary>
public sealed class TenantInfo
{
    public required Guid Id { get; init; }

    /// <summary>The tenant's name in URLs: <c>/t/{identifier}/...</c> and <c>{identifier}.{BaseDomain}</c>.</summary>
    public required string Identifier { get; init; }

    public required string Name { get; init; }

    public required TenantIsolation Isolation { get; init; }

    /// <summary>The dedicated database of a <see cref="TenantIsolation.Dedicated"/> tenant; null for shared tenants.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>A disabled tenant resolves to nothing: every request for it is a 404.</summary>
    public bool IsActive { get; init; } = true;

    public required DateTimeOffset CreatedAt { get; init; }
}
