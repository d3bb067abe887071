using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Audit;

/// <summary>One admin action in a tenant. Append-only: the platform never updates or deletes an entry.</summary>
internal sealed class AuditEntry : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Who acted: a user, an API key (<c>api-key:{id}</c>) or <c>operator</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>What happened, as <c>area.verb</c>: <c>tenant.created</c>, <c>apikey.revoked</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it happened to, such as a key id.</summary>
    public required string Target { get; init; }

    public string? Details { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("AuditEntries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.Target).HasMaxLength(200);
        entry.Property(e => e.Details).HasMaxLength(4000);
        entry.HasIndex(e => new { e.TenantId, e.At });
    }
}
