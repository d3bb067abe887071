namespace Saas.Platform.Tenancy;

/// <summary>
/// Work a module adds to creating a tenant, beyond its catalog entry and first key: installing template packs. The
/// request is checked by every setup before the tenant is created, so a bad request creates nothing.
/// </summary>
public interface ITenantSetup
{
    /// <summary>Errors keyed by request field (e.g. <c>packs[1]</c>); empty when the request suits this setup.</summary>
    IReadOnlyDictionary<string, string[]> Validate(CreateTenantRequest request);

    /// <summary>Runs for the tenant just created.</summary>
    Task RunAsync(TenantInfo tenant, CreateTenantRequest request, string actor, CancellationToken cancellationToken);
}
