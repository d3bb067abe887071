using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Views;

/// <summary>A list view one member saved for one entity: a name, the OData filter and order, and the columns shown.</summary>
internal sealed class SavedView : ITenantOwned
{
    public const int NameLength = 100;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    /// <summary>The member who saved it; nobody else sees it.</summary>
    public required Guid UserId { get; init; }

    public required string Entity { get; init; }

    public required string Name { get; set; }

    public string? Filter { get; set; }

    public string? OrderBy { get; set; }

    /// <summary>The columns shown, in order, separated by commas.</summary>
    public required string Columns { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

/// <summary>Where an entity sits in the tenant's navigation, and whether it is hidden there; set by the tenant's admins.</summary>
internal sealed class NavigationEntry : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string Entity { get; init; }

    public required int Position { get; set; }

    public required bool Hidden { get; set; }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>, IEntityTypeConfiguration<NavigationEntry>
{
    public void Configure(EntityTypeBuilder<SavedView> view)
    {
        view.ToTable("SavedViews");
        view.HasKey(v => v.Id);
        view.Property(v => v.Id).ValueGeneratedNever();
        view.Property(v => v.Entity).HasMaxLength(100);
        view.Property(v => v.Name).HasMaxLength(SavedView.NameLength);
        view.Property(v => v.Filter).HasMaxLength(4000);
        view.Property(v => v.OrderBy).HasMaxLength(1000);
        view.Property(v => v.Columns).HasMaxLength(4000);
        view.HasIndex(v => new { v.TenantId, v.UserId, v.Entity, v.Name }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<NavigationEntry> entry)
    {
        entry.ToTable("NavigationEntries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Entity).HasMaxLength(100);
        entry.HasIndex(e => new { e.TenantId, e.Entity }).IsUnique();
    }
}
