namespace Saas.Platform.Tenancy;

/// <summary>The catalog of tenants. The default store is the catalog database behind a short-lived cache.</summary>
public interface ITenantStore
{
    Task<TenantInfo?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken);

    Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken cancellationToken);

    Task AddAsync(TenantInfo tenant, CancellationToken cancellationToken);

    /// <summary>Enables or disables a tenant; false when there is no such tenant.</summary>
    Task<bool> SetActiveAsync(Guid id, bool isActive, CancellationToken cancellationToken);
}
