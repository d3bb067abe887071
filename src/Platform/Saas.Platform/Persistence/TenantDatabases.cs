using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>Builds tenant contexts for a given tenant and creates or migrates tenant databases.</summary>
internal sealed class TenantDatabases(PlatformDatabase database, ITenantAccessor tenants, ILogger<TenantDatabases> logger)
{
    /// <summary>Points a tenant context at the current tenant's database: its own when dedicated, else the platform's.</summary>
    public void Configure(DbContextOptionsBuilder builder, TenantInfo? tenant)
    {
        database.Configure(builder, ConnectionStringOf(tenant), PlatformDatabase.TenantHistoryTable);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            builder.AddInterceptors(new PostgresTenantSetting(tenants), new DeferredStatements());
        }
    }

    /// <summary>The database a tenant's rows live in: its own when dedicated, else the platform's.</summary>
    public string ConnectionStringOf(TenantInfo? tenant) =>
        tenant is { Isolation: TenantIsolation.Dedicated, ConnectionString: { } own } ? own : database.PlatformConnectionString;

    /// <summary>Creates the database when missing and applies pending tenant migrations.</summary>
    public async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new DbContextOptionsBuilder<TenantDbContext>();
        database.Configure(builder, connectionString, PlatformDatabase.TenantHistoryTable);
        await using var context = new TenantDbContext(builder.Options);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} tenant migrations to {Database}", pending.Count, context.Database.GetDbConnection().Database);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }
}
