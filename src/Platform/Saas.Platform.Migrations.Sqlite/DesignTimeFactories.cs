using Microsoft.EntityFrameworkCore.Design;
using Saas.Platform.Persistence;

namespace Saas.Platform.Migrations.Sqlite;

// dotnet ef never connects for 'migrations add' or 'migrations script'; the connection string only names the provider.
internal sealed class CatalogFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) => DesignTime.CreateCatalog(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}

internal sealed class TenantFactory : IDesignTimeDbContextFactory<TenantDbContext>
{
    public TenantDbContext CreateDbContext(string[] args) => DesignTime.CreateTenant(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}
