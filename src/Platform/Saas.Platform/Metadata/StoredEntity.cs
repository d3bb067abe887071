using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>An entity definition as stored. Texts with translations are JSON; a deleted entity keeps its apiName until purged.</summary>
internal sealed class StoredEntity : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string ApiName { get; init; }

    public required string NormalizedApiName { get; init; }

    public required string Label { get; set; }

    public required string PluralLabel { get; set; }

    public string? Description { get; set; }

    public string? Icon { get; set; }

    public int DisplayOrder { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class StoredEntityConfiguration : IEntityTypeConfiguration<StoredEntity>
{
    public void Configure(EntityTypeBuilder<StoredEntity> entity)
    {
        entity.ToTable("MetadataEntities");
        entity.HasKey(e => e.Id);

        // The target of the fields' (TenantId, EntityId) key: a field can only belong to an entity of its own tenant.
        entity.HasAlternateKey(e => new { e.TenantId, e.Id });
        entity.Property(e => e.ApiName).HasMaxLength(MetadataApiName.MaxLength);
        entity.Property(e => e.NormalizedApiName).HasMaxLength(MetadataApiName.MaxLength);
        entity.Property(e => e.Description).HasMaxLength(MetadataLimits.DescriptionLength);
        entity.Property(e => e.Icon).HasMaxLength(MetadataLimits.IconLength);
        entity.HasIndex(e => new { e.TenantId, e.NormalizedApiName }).IsUnique();
    }
}
