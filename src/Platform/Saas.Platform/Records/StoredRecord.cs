using System.Collections.Frozen;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Metadata;
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

    // The slot columns (see IndexSlots): an indexed field's value as its index row holds it (texts lower-cased, dates in
    // UTC), whatever the record's state, so that a filter and a sort read them off the record's own row.
    public string? Text0 { get; set; }

    public string? Text1 { get; set; }

    public string? Text2 { get; set; }

    public string? Text3 { get; set; }

    public string? Text4 { get; set; }

    public decimal? Number0 { get; set; }

    public decimal? Number1 { get; set; }

    public decimal? Number2 { get; set; }

    public decimal? Number3 { get; set; }

    public decimal? Number4 { get; set; }

    public DateTimeOffset? Date0 { get; set; }

    public DateTimeOffset? Date1 { get; set; }

    public DateTimeOffset? Date2 { get; set; }

    public DateTimeOffset? Date3 { get; set; }

    public DateTimeOffset? Date4 { get; set; }

    private static readonly FrozenDictionary<string, PropertyInfo> Slots =
        IndexSlots.Columns.ToFrozenDictionary(column => column, column => typeof(StoredRecord).GetProperty(column)!);

    /// <summary>Puts an index row's value in a slot column, or empties it (no row: the field has no value).</summary>
    public void SetSlot(string column, RecordValue? row) =>
        Slots[column].SetValue(this, IndexSlots.KindOfColumn(column) switch
        {
            IndexSlots.Text => row?.TextValue,
            IndexSlots.Number => row?.NumberValue,
            _ => row?.DateValue,
        });
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

        // One index per slot, holding only the live records that have a value in it: a record costs an entry only in the
        // slots its entity uses. Queries say "IS NOT NULL" to use them, and read the records without a value apart.
        foreach (var column in IndexSlots.Columns)
        {
            switch (IndexSlots.KindOfColumn(column))
            {
                case IndexSlots.Text:
                    record.Property(column).HasMaxLength(RecordValue.TextLength);
                    break;
                case IndexSlots.Number:
                    record.Property(column).HasPrecision(28, 10);
                    break;
            }

            record.HasIndex(nameof(StoredRecord.TenantId), nameof(StoredRecord.EntityId), column, nameof(StoredRecord.Id))
                .HasFilter($"\"DeletedAt\" IS NULL AND \"{column}\" IS NOT NULL");
        }
    }
}
