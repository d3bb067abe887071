using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>
/// One row per tenant, bumped in the transaction of every metadata change. Readers key their cached snapshot on it;
/// as a concurrency token it also makes two changes that raced each other fail one of them instead of mixing.
/// </summary>
internal sealed class MetadataVersion : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long Version { get; set; }
}

internal sealed class MetadataVersionConfiguration : IEntityTypeConfiguration<MetadataVersion>
{
    public void Configure(EntityTypeBuilder<MetadataVersion> version)
    {
        version.ToTable("MetadataVersions");
        version.HasKey(v => v.TenantId);
        version.Property(v => v.TenantId).ValueGeneratedNever();
        version.Property(v => v.Version).IsConcurrencyToken();
    }
}
