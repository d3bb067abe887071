using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Tenancy;

/// <summary>
/// The body of <c>POST /api/tenants</c>; <paramref name="Packs"/> are template packs of the catalog to install, in
/// order (a pack after those it depends on), with their sample data when <paramref name="SampleData"/> is true.
/// </summary>
public sealed record CreateTenantRequest(string? Identifier, string? Name, string? Isolation, IReadOnlyList<string>? Packs = null, bool? SampleData = null);

/// <summary>What creating a tenant came to: the tenant and its first admin key, field errors, or a taken identifier.</summary>
public sealed record ProvisionResult(TenantInfo? Tenant, CreatedApiKey? AdminKey, IDictionary<string, string[]>? Errors, bool Conflict);

/// <summary>Creates tenants: validates, creates and migrates a dedicated database, registers the tenant and issues its first key.</summary>
internal sealed class TenantProvisioner(
    ITenantStore store,
    PlatformDatabase database,
    TenantDatabases tenantDatabases,
    ApiKeyService keys,
    TenantAuditWriter audit,
    IEnumerable<ITenantSetup> setups,
    TimeProvider clock,
    ILogger<TenantProvisioner> logger)
{
    public async Task<ProvisionResult> CreateAsync(CreateTenantRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = Validate(request, out var isolation);
        foreach (var (field, messages) in setups.SelectMany(s => s.Validate(request)))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return new ProvisionResult(null, null, errors, false);
        }

        var identifier = request.Identifier!;
        if (await store.FindByIdentifierAsync(identifier, cancellationToken) is not null)
        {
            return new ProvisionResult(null, null, null, Conflict: true);
        }

        string? connectionString = null;
        if (isolation == TenantIsolation.Dedicated)
        {
            connectionString = database.DedicatedConnectionString(identifier);
            await tenantDatabases.MigrateAsync(connectionString, cancellationToken);
        }

        var tenant = new TenantInfo
        {
            Id = Uuid.NewSequential(),
            Identifier = identifier,
            Name = request.Name!.Trim(),
            Isolation = isolation,
            ConnectionString = connectionString,
            CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            await store.AddAsync(tenant, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Two requests raced for one identifier: the unique index decided.
            logger.LogInformation(ex, "Tenant {Tenant} was not added", identifier);
            return new ProvisionResult(null, null, null, Conflict: true);
        }

        var key = await keys.CreateAsync(tenant.Id, "First admin key", TenantRoles.Admin, actor, cancellationToken);
        await audit.RecordAsync(tenant, actor, [("tenant.created", tenant.Identifier, $"isolation={tenant.Isolation}"), ("apikey.created", key.Id.ToString(), key.Name)], cancellationToken);
        foreach (var setup in setups)
        {
            await setup.RunAsync(tenant, request, actor, cancellationToken);
        }

        logger.LogInformation("Tenant {Tenant} created with {Isolation} isolation", tenant.Identifier, tenant.Isolation);
        return new ProvisionResult(tenant, key, null, false);
    }

    /// <summary>Enables or disables a tenant and records it in that tenant's audit log; null when there is no such tenant.</summary>
    public async Task<TenantInfo?> SetActiveAsync(string identifier, bool isActive, string actor, CancellationToken cancellationToken)
    {
        var tenant = await store.FindByIdentifierAsync(identifier, cancellationToken);
        if (tenant is null || !await store.SetActiveAsync(tenant.Id, isActive, cancellationToken))
        {
            return null;
        }

        await audit.RecordAsync(tenant, actor, isActive ? "tenant.enabled" : "tenant.disabled", tenant.Identifier, null, cancellationToken);

        logger.LogInformation("Tenant {Tenant} {State}", tenant.Identifier, isActive ? "enabled" : "disabled");
        return await store.FindByIdAsync(tenant.Id, cancellationToken);
    }

    private static Dictionary<string, string[]> Validate(CreateTenantRequest request, out TenantIsolation isolation)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (TenantIdentifier.Validate(request.Identifier) is { } identifierError)
        {
            errors["identifier"] = [identifierError];
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["The name is required."];
        }
        else if (request.Name.Trim().Length > 200)
        {
            errors["name"] = ["The name must be at most 200 characters long."];
        }

        TenantIsolation? parsed = request.Isolation?.Trim().ToLowerInvariant() switch
        {
            null or "shared" => TenantIsolation.Shared,
            "dedicated" => TenantIsolation.Dedicated,
            _ => null,
        };
        if (parsed is null)
        {
            errors["isolation"] = ["The isolation must be 'shared' or 'dedicated'."];
        }

        isolation = parsed ?? TenantIsolation.Shared;

        return errors;
    }
}
