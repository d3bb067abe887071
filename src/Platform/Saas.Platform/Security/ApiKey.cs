namespace Saas.Platform.Security;

/// <summary>A tenant's API key as stored: a SHA-256 hash of the secret, never the secret itself.</summary>
internal sealed class ApiKey
{
    public required Guid Id { get; init; }

    public required Guid TenantId { get; init; }

    public required string Name { get; init; }

    /// <summary>The first characters of the secret, so a person can tell keys apart in a list.</summary>
    public required string Prefix { get; init; }

    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>The tenant role the key acts with (<see cref="TenantRoles"/>): least privilege, not always admin.</summary>
    public required string Role { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Key secrets: 256 random bits behind a recognisable prefix, stored as a SHA-256 hash (see <see cref="Secrets"/>).</summary>
internal static class ApiKeySecret
{
    public const string Marker = "saas_";
    public const int PrefixLength = 12;

    public static (string Secret, string Prefix, string Hash) Create()
    {
        var secret = Marker + Secrets.NewToken();
        return (secret, secret[..PrefixLength], Hash(secret));
    }

    public static string Hash(string secret) => Secrets.Hash(secret);
}
