using Microsoft.EntityFrameworkCore;

namespace Saas.Platform.Persistence;

/// <summary>For the migrations projects' design-time factories (dotnet ef), which have no host to read configuration from.</summary>
public static class DesignTime
{
    public static CatalogDbContext CreateCatalog(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        PlatformDatabase.Configure(builder, provider, connectionString, PlatformDatabase.CatalogHistoryTable);
        return new CatalogDbContext(builder.Options);
    }

    public static TenantDbContext CreateTenant(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<TenantDbContext>();
        PlatformDatabase.Configure(builder, provider, connectionString, PlatformDatabase.TenantHistoryTable);
        return new TenantDbContext(builder.Options);
    }
}
