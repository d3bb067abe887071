using Microsoft.EntityFrameworkCore;
using Saas.Platform.Security;

namespace Saas.Platform.Packs.Publishing;

/// <summary>A publisher account: its id is the <c>publisher</c> its packs name in <c>pack.yaml</c>.</summary>
internal sealed class Publisher
{
    public required string Id { get; init; }

    public required string DisplayName { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A person who publishes for a publisher; they also hold the partner role (<see cref="PlatformClaims.PublisherRole"/>).</summary>
internal sealed class PublisherMember
{
    public required string PublisherId { get; init; }

    public required Guid UserId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An ECDSA P-256 public key (SubjectPublicKeyInfo PEM) that signs the publisher's uploads until it is revoked.</summary>
internal sealed class PublisherKey
{
    public required Guid Id { get; init; }

    public required string PublisherId { get; init; }

    public required string Name { get; init; }

    public required string PublicKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The review states of an uploaded pack version; only <see cref="Published"/> versions are installable.</summary>
public static class PackUploadStates
{
    public const string Submitted = "submitted";
    public const string Published = "published";
    public const string Deprecated = "deprecated";
}

/// <summary>A pack version uploaded by a publisher: the zip as uploaded, its checksum, the key that signed it, its review state.</summary>
internal sealed class PackUpload
{
    public required Guid Id { get; init; }

    public required string PackId { get; init; }

    public required string Version { get; init; }

    public required string PublisherId { get; init; }

    public required string State { get; set; }

    public required byte[] Content { get; init; }

    /// <summary>The SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public required string Checksum { get; init; }

    public required Guid KeyId { get; init; }

    public required string UploadedBy { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }
}

/// <summary>The catalog tables of publishing; called from <see cref="Persistence.CatalogDbContext"/>.</summary>
internal static class PackPublishingModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Publisher>(publisher =>
        {
            publisher.ToTable("Publishers");
            publisher.HasKey(p => p.Id);
            publisher.Property(p => p.Id).HasMaxLength(40);
            publisher.Property(p => p.DisplayName).HasMaxLength(200);
        });

        builder.Entity<PublisherMember>(member =>
        {
            member.ToTable("PublisherMembers");
            member.HasKey(m => new { m.PublisherId, m.UserId });
            member.Property(m => m.PublisherId).HasMaxLength(40);
            member.HasIndex(m => m.UserId);
            member.HasOne<Publisher>().WithMany().HasForeignKey(m => m.PublisherId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<PlatformUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PublisherKey>(key =>
        {
            key.ToTable("PublisherKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.PublisherId).HasMaxLength(40);
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.PublicKey).HasMaxLength(2000);
            key.Property(k => k.CreatedBy).HasMaxLength(200);
            key.HasIndex(k => new { k.PublisherId, k.CreatedAt });
            key.HasOne<Publisher>().WithMany().HasForeignKey(k => k.PublisherId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PackUpload>(upload =>
        {
            upload.ToTable("PackUploads");
            upload.HasKey(u => u.Id);
            upload.Property(u => u.PackId).HasMaxLength(40);
            upload.Property(u => u.Version).HasMaxLength(64);
            upload.Property(u => u.PublisherId).HasMaxLength(40);
            upload.Property(u => u.State).HasMaxLength(16);
            upload.Property(u => u.Checksum).HasMaxLength(64);
            upload.Property(u => u.UploadedBy).HasMaxLength(200);
            upload.Property(u => u.ReviewedBy).HasMaxLength(200);
            upload.HasIndex(u => new { u.PackId, u.Version }).IsUnique();
            upload.HasIndex(u => new { u.PublisherId, u.UploadedAt });
            upload.HasIndex(u => u.State);
            upload.HasOne<Publisher>().WithMany().HasForeignKey(u => u.PublisherId).OnDelete(DeleteBehavior.Restrict);
        });

        PublisherApiKey.Configure(builder);
    }
}
