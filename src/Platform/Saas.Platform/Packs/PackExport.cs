using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Packs;

/// <summary>
/// The records of one entity as CSV, written when a pack was uninstalled with <c>exportAndDelete</c>, so the tenant's
/// admins can fetch them afterwards (<c>GET /t/{tenant}/api/packs/exports/{exportId}</c>).
/// </summary>
internal sealed class PackExport : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string PackId { get; init; }

    public required string Entity { get; init; }

    public required int Records { get; init; }

    /// <summary>UTF-8 CSV: a header of field api names (plus <c>id</c>), one row per record.</summary>
    public required string Content { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }
}

internal sealed class PackExportConfiguration : IEntityTypeConfiguration<PackExport>
{
    public void Configure(EntityTypeBuilder<PackExport> export)
    {
        export.ToTable("PackExports");
        export.HasKey(e => e.Id);
        export.Property(e => e.PackId).HasMaxLength(40);
        export.Property(e => e.Entity).HasMaxLength(100);
        export.Property(e => e.CreatedBy).HasMaxLength(200);
        export.HasIndex(e => new { e.TenantId, e.PackId, e.CreatedAt });
    }
}
