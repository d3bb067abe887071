using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// The value of a unique field, held by one record. The primary key is the uniqueness rule, so two writers that race
/// for a value cannot both win. A deleted record keeps its values until it is purged, so a restore never collides.
/// </summary>
internal sealed class RecordUnique : ITenantOwned, IBulkRow
{
    public const int ValueLength = 400;

    public Guid TenantId { get; set; }

    public required Guid FieldId { get; init; }

    public required string NormalizedValue { get; init; }

    public required Guid RecordId { get; init; }
}

internal sealed class RecordUniqueConfiguration : IEntityTypeConfiguration<RecordUnique>
{
    public void Configure(EntityTypeBuilder<RecordUnique> unique)
    {
        unique.ToTable("RecordUniques");
        unique.HasKey(u => new { u.TenantId, u.FieldId, u.NormalizedValue });
        unique.Property(u => u.NormalizedValue).HasMaxLength(RecordUnique.ValueLength);
        unique.HasIndex(u => new { u.TenantId, u.RecordId });
    }
}
