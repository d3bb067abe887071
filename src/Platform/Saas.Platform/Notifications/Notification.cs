using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Notifications;

/// <summary>
/// One notice to one member: a record was assigned to them. Written in the same transaction as the record write that
/// caused it; the record's display name and the actor's name are copied as they were then.
/// </summary>
internal sealed class Notification : ITenantOwned
{
    public const string Assigned = "assigned";

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    /// <summary>The recipient; nobody else sees it.</summary>
    public required Guid UserId { get; init; }

    public required string Kind { get; init; }

    /// <summary>The entity's api name.</summary>
    public required string Entity { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>The record's display name when it was assigned; null when it has none.</summary>
    public string? RecordName { get; init; }

    /// <summary>Who assigned it: a member's display name, a key's name or a workflow.</summary>
    public required string Actor { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("Notifications");
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Id).ValueGeneratedNever();
        notification.Property(n => n.Kind).HasMaxLength(40);
        notification.Property(n => n.Entity).HasMaxLength(100);
        notification.Property(n => n.RecordName).HasMaxLength(400);
        notification.Property(n => n.Actor).HasMaxLength(200);
        notification.HasIndex(n => new { n.TenantId, n.UserId, n.ReadAt, n.CreatedAt });
    }
}
