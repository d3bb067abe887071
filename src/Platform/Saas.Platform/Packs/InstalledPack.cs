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

    /// <summary>The version before the last upgrade (or rollback target); null when there is none to go back to.</summary>
    public string? PreviousVersion { get; set; }

    public DateTimeOffset? UpgradedAt { get; set; }
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

    /// <summary>
    /// The publisher's values as installed, one per property (<c>label.en</c>, <c>required</c>, <c>values.won.label.zh-CN</c>,
    /// ...) as a JSON object: the base of the 3-way merge an upgrade runs between it, the new version and the tenant's current state.
    /// </summary>
    public string? Base { get; set; }

    /// <summary>Set when a later version no longer has the component: it stays, with its data, but the pack no longer maintains it.</summary>
    public DateTimeOffset? DeprecatedAt { get; set; }

    /// <summary>The component before the last upgrade (<see cref="PackComponentState"/> as JSON), what a rollback restores; null when none.</summary>
    public string? Previous { get; set; }
}

/// <summary>A component's provenance before an upgrade: its version, base (null when the upgrade added it), whether it was deprecated, its definition.</summary>
internal sealed record PackComponentState(string Version, System.Text.Json.Nodes.JsonObject? Base, bool Deprecated, string? Definition);

internal static class PackComponentKinds
{
    public const string Entity = "entity";
    public const string Field = "field";
    public const string PermissionSet = "permissionSet";
    public const string Record = "record";
    public const string Workflow = "workflow";
    public const string Rule = "rule";
    public const string View = "view";
    public const string Layout = "layout";
    public const string Dashboard = "dashboard";
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
        pack.Property(p => p.PreviousVersion).HasMaxLength(100);
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
