using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>The last number an auto-number field gave out, bumped in the transaction of the record that takes the next one.</summary>
internal sealed class AutoNumberCounter : ITenantOwned
{
    public Guid TenantId { get; set; }

    public required Guid FieldId { get; init; }

    public long LastValue { get; set; }
}

internal sealed class AutoNumberCounterConfiguration : IEntityTypeConfiguration<AutoNumberCounter>
{
    public void Configure(EntityTypeBuilder<AutoNumberCounter> counter)
    {
        counter.ToTable("AutoNumberCounters");
        counter.HasKey(c => new { c.TenantId, c.FieldId });
    }
}
