using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saas.Platform.Jobs;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>Whether start-up work (migrations, seeding) has finished; <c>/health</c> reports unhealthy until it has.</summary>
internal sealed class PlatformReadiness
{
    public bool IsReady { get; set; }
}

/// <summary>
/// Migrates the catalog, the tenant tables of the platform database and every dedicated tenant database, then runs the
/// start-up tasks (demo seeding), before the server accepts requests. A failure stops the host: better down than half-migrated.
/// </summary>
internal sealed class PlatformStartup(IServiceScopeFactory scopes, PlatformReadiness readiness, ILogger<PlatformStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var database = services.GetRequiredService<PlatformDatabase>();
        logger.LogInformation("Database provider {Provider}", database.Provider);

        var catalog = services.GetRequiredService<CatalogDbContext>();
        await catalog.Database.MigrateAsync(cancellationToken);

        var tenantDatabases = services.GetRequiredService<TenantDatabases>();
        await tenantDatabases.MigrateAsync(database.PlatformConnectionString, cancellationToken);
        var dedicated = await catalog.Tenants.AsNoTracking()
            .Where(t => t.Isolation == TenantIsolation.Dedicated && t.ConnectionString != null)
            .Select(t => new { t.Identifier, t.ConnectionString })
            .ToListAsync(cancellationToken);
        foreach (var tenant in dedicated)
        {
            logger.LogInformation("Migrating the database of dedicated tenant {Tenant}", tenant.Identifier);
            await tenantDatabases.MigrateAsync(tenant.ConnectionString!, cancellationToken);
        }

        if (services.GetService<JobStorageInstaller>() is { } jobStorage)
        {
            await jobStorage.InstallAsync(cancellationToken);
        }

        foreach (var task in services.GetServices<IStartupTask>())
        {
            await task.RunAsync(cancellationToken);
        }

        readiness.IsReady = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Work that runs once at start-up, after migrations and before the platform reports ready.</summary>
internal interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}

internal sealed class PlatformReadinessCheck(PlatformReadiness readiness, CatalogDbContext catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("Start-up migrations have not finished.");
        }

        return await catalog.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The platform database cannot be reached.");
    }
}
