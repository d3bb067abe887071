using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// The catalog: what the platform knows across tenants (tenants, API keys, Data Protection keys).
/// It always lives in the platform database, never in a dedicated tenant database.
/// </summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<TenantInfo> Tenants => Set<TenantInfo>();

    internal DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        PlatformConventions.Apply(configurationBuilder, Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TenantInfo>(tenant =>
        {
            tenant.ToTable("Tenants");
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Identifier).HasMaxLength(63);
            tenant.HasIndex(t => t.Identifier).IsUnique();
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.Isolation).HasConversion<string>().HasMaxLength(16);
            tenant.Property(t => t.ConnectionString).HasMaxLength(1000);
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(200);
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => new { k.TenantId, k.CreatedAt });
            key.HasOne<TenantInfo>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }
}
