using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>A field definition as stored. Settings are JSON whose shape depends on <see cref="Type"/>.</summary>
internal sealed class StoredField : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    public required string ApiName { get; init; }

    public required string NormalizedApiName { get; init; }

    public required string Label { get; set; }

    public required string HelpText { get; set; }

    public required string Type { get; set; }

    public bool Required { get; set; }

    public bool Unique { get; set; }

    public bool Indexed { get; set; }

    public bool ReadOnly { get; set; }

    /// <summary>The field's slot among the typed columns of the records table, of its kind; see <see cref="IndexSlots"/>.</summary>
    public int? IndexSlot { get; set; }

    public int DisplayOrder { get; set; }

    public string? Settings { get; set; }

    /// <summary>For lookups: the target by id, so a purged and re-created name is never mistaken for the old entity.</summary>
    public Guid? TargetEntityId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class StoredFieldConfiguration : IEntityTypeConfiguration<StoredField>
{
    public void Configure(EntityTypeBuilder<StoredField> field)
    {
        field.ToTable("MetadataFields");
        field.HasKey(f => f.Id);
        field.Property(f => f.ApiName).HasMaxLength(MetadataApiName.MaxLength);
        field.Property(f => f.NormalizedApiName).HasMaxLength(MetadataApiName.MaxLength);
        field.Property(f => f.Type).HasMaxLength(30);
        field.HasOne<StoredEntity>().WithMany()
            .HasForeignKey(f => new { f.TenantId, f.EntityId }).HasPrincipalKey(e => new { e.TenantId, e.Id })
            .OnDelete(DeleteBehavior.Cascade);
        field.HasIndex(f => new { f.TenantId, f.EntityId, f.NormalizedApiName }).IsUnique();
        field.HasIndex(f => new { f.TenantId, f.TargetEntityId });
    }
}
