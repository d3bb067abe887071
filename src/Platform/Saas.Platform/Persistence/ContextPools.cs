using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// The catalog context and the tenant contexts, from a pool per database. Building the options (provider, migrations
/// settings, warnings, interceptors, a SQLite folder check on disk) once per database rather than per request saved
/// more than a query costs; pooling the contexts saves EF Core's set-up of each new one (its scoped services, about a
/// third of a millisecond), which every request paid once per context. What the options hold depends only on the
/// database; the PostgreSQL tenant interceptor reads the current tenant when a command runs, not when they are built.
/// A context goes back to its pool when the scope that asked for it ends, with its state reset (see
/// <see cref="TenantDbContext.DisposeAsync"/>).
/// </summary>
internal sealed class ContextPools(IServiceProvider services, PlatformDatabase database, TenantDatabases tenantDatabases)
{
    /// <summary>Contexts kept per database between requests; more are made when more are in use at once.</summary>
    private const int PoolSize = 64;

    private readonly ConcurrentDictionary<string, PooledDbContextFactory<TenantDbContext>> tenant = new(StringComparer.Ordinal);
    private PooledDbContextFactory<CatalogDbContext>? catalog;

    public CatalogDbContext Catalog() =>
        LazyInitializer.EnsureInitialized(ref catalog, () => Pool<CatalogDbContext>(builder => database.Configure(builder, database.PlatformConnectionString, PlatformDatabase.CatalogHistoryTable))).CreateDbContext();

    public TenantDbContext Tenant(TenantInfo? current) =>
        tenant.GetOrAdd(tenantDatabases.ConnectionStringOf(current), _ => Pool<TenantDbContext>(builder => tenantDatabases.Configure(builder, current))).CreateDbContext();

    private PooledDbContextFactory<TContext> Pool<TContext>(Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext
    {
        // The root provider: only singletons (logging, caches, the tenant accessor) are read from it.
        var builder = new DbContextOptionsBuilder<TContext>().UseApplicationServiceProvider(services);
        configure(builder);
        return new PooledDbContextFactory<TContext>(builder.Options, PoolSize);
    }
}
