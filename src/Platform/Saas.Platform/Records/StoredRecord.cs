using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// One record of any entity of any tenant. The field values are one JSON document keyed by field id, not api name:
/// a field that is purged and created again under the same name must not read the old field's values.
/// </summary>
internal sealed class StoredRecord : ITenantOwned, IBulkRow
{
    public const int NameLength = 400;
    public const int ActorLength = 200;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    public string? Name { get; set; }

    public Guid? OwnerId { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }

    public required string ModifiedBy { get; set; }

    /// <summary>Starts at 1 and grows by one with every change; the concurrency token behind the ETag.</summary>
    public int Version { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public required string Data { get; set; }
}

internal sealed class StoredRecordConfiguration : IEntityTypeConfiguration<StoredRecord>
{
    public void Configure(EntityTypeBuilder<StoredRecord> record)
    {
        record.ToTable("Records");
        record.HasKey(r => r.Id);
        record.Property(r => r.Id).ValueGeneratedNever();
        record.Property(r => r.Name).HasMaxLength(StoredRecord.NameLength);
        record.Property(r => r.CreatedBy).HasMaxLength(StoredRecord.ActorLength);
        record.Property(r => r.ModifiedBy).HasMaxLength(StoredRecord.ActorLength);
        record.Property(r => r.DeletedBy).HasMaxLength(StoredRecord.ActorLength);
        record.Property(r => r.Version).IsConcurrencyToken();
        // Live records of an entity in order of creation (the default sort), so a page is read off the index, not sorted.
        // Partial, not keyed on DeletedAt: PostgreSQL does not take a column tested by IS NULL as fixed for the order, and
        // sorted a million records for a first page. The recycle bin has its own, small index.
        record.HasIndex(r => new { r.TenantId, r.EntityId, r.CreatedAt, r.Id }).HasFilter("\"DeletedAt\" IS NULL");
        record.HasIndex(r => new { r.TenantId, r.EntityId, r.DeletedAt }).HasFilter("\"DeletedAt\" IS NOT NULL");
    }
}
