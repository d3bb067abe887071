using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// A publisher's API key, for publishing from a build server without a person's token. It uploads, lists and deprecates
/// the publisher's versions; registering signing keys and minting API keys stay with the publisher's people.
/// Stored as a SHA-256 hash of the secret, never the secret.
/// </summary>
internal sealed class PublisherApiKey
{
    public const string Marker = "saaspub_";

    public required Guid Id { get; init; }

    public required string PublisherId { get; init; }

    public required string Name { get; init; }

    /// <summary>The first characters of the secret, so a person can tell keys apart in a list.</summary>
    public required string Prefix { get; init; }

    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public static void Configure(ModelBuilder builder) => builder.Entity<PublisherApiKey>(key =>
    {
        key.ToTable("PublisherApiKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.PublisherId).HasMaxLength(40);
        key.Property(k => k.Name).HasMaxLength(200);
        key.Property(k => k.Prefix).HasMaxLength(20);
        key.Property(k => k.Hash).HasMaxLength(64);
        key.Property(k => k.CreatedBy).HasMaxLength(200);
        key.HasIndex(k => k.Hash).IsUnique();
        key.HasIndex(k => new { k.PublisherId, k.CreatedAt });
        key.HasOne<Publisher>().WithMany().HasForeignKey(k => k.PublisherId).OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>Resolves <c>X-Api-Key</c> secrets that start with <see cref="PublisherApiKey.Marker"/>.</summary>
internal sealed class PublisherApiKeyKind(CatalogDbContext catalog) : IApiKeyKind
{
    public string Marker => PublisherApiKey.Marker;

    public Task<ResolvedApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(secret);
        return catalog.Set<PublisherApiKey>().AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new ResolvedApiKey(k.Id, null, null, null, false, k.PublisherId))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
