using System.Security.Cryptography;
using System.Text;

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

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Key secrets: 256 random bits behind a recognisable prefix. A fast hash is the right tool for random secrets of this
/// length (nothing to brute-force); slow password hashing would only slow every request down.
/// </summary>
internal static class ApiKeySecret
{
    public const string Marker = "saas_";
    public const int PrefixLength = 12;

    public static (string Secret, string Prefix, string Hash) Create()
    {
        var secret = Marker + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (secret, secret[..PrefixLength], Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
