using System.Security.Cryptography;
using System.Text;

namespace Saas.Platform.Security;

/// <summary>Random bearer secrets (API keys, invitation tokens) and their stored form.</summary>
internal static class Secrets
{
    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A fast hash is right for 256-bit random secrets: there is nothing to brute-force.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
