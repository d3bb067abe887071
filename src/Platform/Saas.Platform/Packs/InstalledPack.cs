using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Packs;

/// <summary>A pack installed in a tenant, at one version.</summary>
internal sealed class InstalledPack : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string PackId { get; init; }

    public required string Version { get; set; }

    public required string Publisher { get; init; }

    /// <summary>The manifest's name and description translations, as JSON.</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    public required bool SampleData { get; init; }

    public required DateTimeOffset InstalledAt { get; init; }

    public required string InstalledBy { get; init; }
}

/// <summary>
/// Where a tenant's component came from: the pack and version that installed it, and the component as the publisher
/// defined it then (JSON), the base an upgrade compares the tenant's current state and the new version with.
/// </summary>
internal sealed class PackComponent : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string PackId { get; init; }

    public required string Version { get; set; }

    /// <summary><see cref="PackComponentKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The component's name: <c>account</c>, <c>account.industry</c>, a permission set's name, a sample row's key.</summary>
    public required string Name { get; init; }

    /// <summary>The id of the entity, field, permission set or record.</summary>
    public required Guid ComponentId { get; init; }

    public string? Definition { get; set; }
}

internal static class PackComponentKinds
{
    public const string Entity = "entity";
    public const string Field = "field";
    public const string PermissionSet = "permissionSet";
    public const string Record = "record";
}

internal sealed class InstalledPackConfiguration : IEntityTypeConfiguration<InstalledPack>
{
    public void Configure(EntityTypeBuilder<InstalledPack> pack)
    {
        pack.ToTable("InstalledPacks");
        pack.HasKey(p => p.Id);
        pack.Property(p => p.PackId).HasMaxLength(40);
        pack.Property(p => p.Version).HasMaxLength(100);
        pack.Property(p => p.Publisher).HasMaxLength(40);
        pack.Property(p => p.Name).HasMaxLength(2000);
        pack.Property(p => p.Description).HasMaxLength(4000);
        pack.Property(p => p.InstalledBy).HasMaxLength(200);
        pack.HasIndex(p => new { p.TenantId, p.PackId }).IsUnique();
    }
}

internal sealed class PackComponentConfiguration : IEntityTypeConfiguration<PackComponent>
{
    public void Configure(EntityTypeBuilder<PackComponent> component)
    {
        component.ToTable("PackComponents");
        component.HasKey(c => c.Id);
        component.Property(c => c.PackId).HasMaxLength(40);
        component.Property(c => c.Version).HasMaxLength(100);
        component.Property(c => c.Kind).HasMaxLength(40);
        component.Property(c => c.Name).HasMaxLength(200);
        component.HasIndex(c => new { c.TenantId, c.PackId, c.Kind, c.Name });
        component.HasIndex(c => new { c.TenantId, c.ComponentId });
    }
}
