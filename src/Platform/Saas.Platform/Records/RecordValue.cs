using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// A row of the typed index table: one value of an indexed field of a live record, in the column of its kind. Queries
/// filter and sort here instead of inside the JSON document. Rows exist only while the record is live: deleting a
/// record removes them and restoring it writes them again, so no query has to remember to skip the recycle bin.
/// </summary>
internal sealed class RecordValue : ITenantOwned, IBulkRow
{
    /// <summary>Longer texts are indexed by their first characters; a query rechecks the full value in the record.</summary>
    public const int TextLength = 400;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    public required Guid FieldId { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>Lower-cased (text, email, phone, url, picklist, auto-number text), so equality ignores case.</summary>
    public string? TextValue { get; init; }

    public decimal? NumberValue { get; init; }

    /// <summary>In UTC; a date is its midnight UTC. Stored as a sortable integer on SQLite by the platform's converter.</summary>
    public DateTimeOffset? DateValue { get; init; }

    public bool? BoolValue { get; init; }

    public Guid? GuidValue { get; init; }
}

internal sealed class RecordValueConfiguration : IEntityTypeConfiguration<RecordValue>
{
    public void Configure(EntityTypeBuilder<RecordValue> value)
    {
        value.ToTable("RecordValues");
        value.HasKey(v => v.Id);
        value.Property(v => v.Id).ValueGeneratedNever();
        value.Property(v => v.TextValue).HasMaxLength(RecordValue.TextLength);
        value.Property(v => v.NumberValue).HasPrecision(28, 10);

        // A row fills the one column of its field's type (a date also its month and day): each column's index holds only
        // the rows that fill it, so a row lands in one or three of them, not five. Queries say "IS NOT NULL" to use them.
        value.HasIndex(v => new { v.TenantId, v.FieldId, v.TextValue, v.RecordId }).HasFilter("\"TextValue\" IS NOT NULL");
        value.HasIndex(v => new { v.TenantId, v.FieldId, v.NumberValue, v.RecordId }).HasFilter("\"NumberValue\" IS NOT NULL");
        value.HasIndex(v => new { v.TenantId, v.FieldId, v.DateValue, v.RecordId }).HasFilter("\"DateValue\" IS NOT NULL");
        value.HasIndex(v => new { v.TenantId, v.FieldId, v.BoolValue, v.RecordId }).HasFilter("\"BoolValue\" IS NOT NULL");
        value.HasIndex(v => new { v.TenantId, v.FieldId, v.GuidValue, v.RecordId }).HasFilter("\"GuidValue\" IS NOT NULL");
        value.HasIndex(v => new { v.TenantId, v.RecordId });
    }
}
