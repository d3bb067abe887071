using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// One changed field of one write, the record's history. Rows of one write share a change id. Kept when the record
/// is purged: the history is the trail of record writes, as the audit log is of admin actions.
/// </summary>
internal sealed class RecordChange : ITenantOwned, IBulkRow
{
    public const int FieldLength = 100;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid RecordId { get; init; }

    public required Guid EntityId { get; init; }

    public required Guid ChangeId { get; init; }

    /// <summary>The record's version after the write: orders the history exactly, even when two writes share a moment.</summary>
    public required int Version { get; init; }

    /// <summary>The field's api name, or a system field: <c>ownerId</c>, <c>deletedAt</c>.</summary>
    public required string Field { get; init; }

    /// <summary>JSON; null when the field had no value.</summary>
    public string? OldValue { get; init; }

    public string? NewValue { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }

    public required string ChangedBy { get; init; }
}

internal sealed class RecordChangeConfiguration : IEntityTypeConfiguration<RecordChange>
{
    public void Configure(EntityTypeBuilder<RecordChange> change)
    {
        change.ToTable("RecordHistory");
        change.HasKey(c => c.Id);
        change.Property(c => c.Id).ValueGeneratedNever();
        change.Property(c => c.Field).HasMaxLength(RecordChange.FieldLength);
        change.Property(c => c.ChangedBy).HasMaxLength(StoredRecord.ActorLength);
        change.HasIndex(c => new { c.TenantId, c.RecordId, c.Version });
    }
}
