using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Views;

/// <summary>
/// A list view an admin (or an installed pack) published for every member of the tenant: an api name unique per entity,
/// a label per culture, the columns, the OData filter and order, and whether the list opens with it.
/// </summary>
internal sealed class SharedView : ITenantOwned
{
    public const int ApiNameLength = 100;

    public const int LabelLength = 100;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string Entity { get; init; }

    public required string ApiName { get; init; }

    /// <summary>The label per culture, as a JSON object (<c>{ "en": "...", "zh-CN": "..." }</c>).</summary>
    public required string Label { get; set; }

    /// <summary>The columns shown, in order, separated by commas.</summary>
    public required string Columns { get; set; }

    public string? Filter { get; set; }

    public string? OrderBy { get; set; }

    /// <summary>The view the entity's list opens with; at most one per entity.</summary>
    public bool IsDefault { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

internal sealed class SharedViewConfiguration : IEntityTypeConfiguration<SharedView>
{
    public void Configure(EntityTypeBuilder<SharedView> view)
    {
        view.ToTable("SharedViews");
        view.HasKey(v => v.Id);
        view.Property(v => v.Id).ValueGeneratedNever();
        view.Property(v => v.Entity).HasMaxLength(100);
        view.Property(v => v.ApiName).HasMaxLength(SharedView.ApiNameLength);
        view.Property(v => v.Label).HasMaxLength(1000);
        view.Property(v => v.Filter).HasMaxLength(4000);
        view.Property(v => v.OrderBy).HasMaxLength(1000);
        view.Property(v => v.Columns).HasMaxLength(4000);
        view.HasIndex(v => new { v.TenantId, v.Entity, v.ApiName }).IsUnique();
    }
}
