using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// The options of the catalog context and of the tenant context per database, built once instead of once per request:
/// building them (provider, migrations settings, warnings, interceptors, a SQLite folder check on disk) cost more than
/// a query. What they hold depends only on the database; the PostgreSQL tenant interceptor reads the current tenant
/// when a command runs, not when the options are built.
/// </summary>
internal sealed class ContextOptionsCache(IServiceProvider services, PlatformDatabase database, TenantDatabases tenantDatabases)
{
    private readonly ConcurrentDictionary<string, DbContextOptions<TenantDbContext>> tenant = new(StringComparer.Ordinal);
    private DbContextOptions<CatalogDbContext>? catalog;

    public DbContextOptions<CatalogDbContext> Catalog() =>
        catalog ??= Build<CatalogDbContext>(builder => database.Configure(builder, database.PlatformConnectionString, PlatformDatabase.CatalogHistoryTable));

    public DbContextOptions<TenantDbContext> Tenant(TenantInfo? current) =>
        tenant.GetOrAdd(tenantDatabases.ConnectionStringOf(current), _ => Build<TenantDbContext>(builder => tenantDatabases.Configure(builder, current)));

    private DbContextOptions<TContext> Build<TContext>(Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext
    {
        // The root provider, as AddDbContext passes the scope's: only singletons (logging, caches) are read from it.
        var builder = new DbContextOptionsBuilder<TContext>().UseApplicationServiceProvider(services);
        configure(builder);
        return builder.Options;
    }
}
