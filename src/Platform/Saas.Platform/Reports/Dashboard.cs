using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Reports;

/// <summary>A tenant's dashboard: a name, translated labels and its widgets (each a report and a chart), kept as JSON.</summary>
internal sealed class Dashboard : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string ApiName { get; init; }

    /// <summary>The labels by culture, as a JSON object.</summary>
    public required string Label { get; set; }

    /// <summary>The widgets in order, as a JSON array.</summary>
    public required string Widgets { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

internal sealed class DashboardConfiguration : IEntityTypeConfiguration<Dashboard>
{
    public void Configure(EntityTypeBuilder<Dashboard> dashboard)
    {
        dashboard.ToTable("Dashboards");
        dashboard.HasKey(d => d.Id);
        dashboard.Property(d => d.Id).ValueGeneratedNever();
        dashboard.Property(d => d.ApiName).HasMaxLength(60);
        dashboard.Property(d => d.Label).HasMaxLength(4000);
        dashboard.HasIndex(d => new { d.TenantId, d.ApiName }).IsUnique();
    }
}
