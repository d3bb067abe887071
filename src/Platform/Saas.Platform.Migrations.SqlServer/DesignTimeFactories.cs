using Microsoft.EntityFrameworkCore.Design;
using Saas.Platform.Persistence;

namespace Saas.Platform.Migrations.SqlServer;

// dotnet ef never connects for 'migrations add' or 'migrations script'; the connection string only names the provider.
internal sealed class CatalogFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) => DesignTime.CreateCatalog(DatabaseProvider.SqlServer, "Server=localhost;Database=saas_design;Trusted_Connection=True;TrustServerCertificate=True");
}

internal sealed class TenantFactory : IDesignTimeDbContextFactory<TenantDbContext>
{
    public TenantDbContext CreateDbContext(string[] args) => DesignTime.CreateTenant(DatabaseProvider.SqlServer, "Server=localhost;Database=saas_design;Trusted_Connection=True;TrustServerCertificate=True");
}
