using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Layouts;

/// <summary>
/// The form layout an admin saved for one entity: its sections as JSON (api name, label translations, columns and the
/// field api names in order). Purging the entity removes it; deleting the layout brings the default back.
/// </summary>
internal sealed class StoredLayout : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    /// <summary>The sections as JSON, in the shape of <see cref="LayoutSection"/>.</summary>
    public required string Sections { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

internal sealed class StoredLayoutConfiguration : IEntityTypeConfiguration<StoredLayout>
{
    public void Configure(EntityTypeBuilder<StoredLayout> layout)
    {
        layout.ToTable("Layouts");
        layout.HasKey(l => l.Id);
        layout.Property(l => l.Id).ValueGeneratedNever();
        layout.HasOne<StoredEntity>().WithMany()
            .HasForeignKey(l => new { l.TenantId, l.EntityId }).HasPrincipalKey(e => new { e.TenantId, e.Id })
            .OnDelete(DeleteBehavior.Cascade);
        layout.HasIndex(l => new { l.TenantId, l.EntityId }).IsUnique();
    }
}
