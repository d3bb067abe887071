using System.Security.Cryptography;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// The signature of an uploaded pack zip, shared by the server and the pack tool: an ECDSA P-256 signature over the
/// SHA-256 digest of the zip's bytes, DER-encoded (RFC 3279 <c>Ecdsa-Sig-Value</c>, what <c>openssl dgst -sha256 -sign</c>
/// writes), sent in base64; the checksum is the SHA-256 of the zip's bytes in lower-case hex. Keys are PEM:
/// the private key as PKCS#8 (<c>BEGIN PRIVATE KEY</c>), the public key as SubjectPublicKeyInfo (<c>BEGIN PUBLIC KEY</c>).
/// </summary>
public static class PackSignature
{
    /// <summary>The SHA-256 of <paramref name="zip"/>, lower-case hex.</summary>
    public static string Checksum(ReadOnlySpan<byte> zip) => Convert.ToHexStringLower(SHA256.HashData(zip));

    /// <summary>A new P-256 key pair as PEM: the private key (PKCS#8) and the public key (SubjectPublicKeyInfo).</summary>
    public static (string PrivateKeyPem, string PublicKeyPem) NewKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Signs <paramref name="zip"/> with a P-256 private key in PEM; answers the base64 DER signature.</summary>
    public static string Sign(ReadOnlySpan<byte> zip, string privateKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        if (key.KeySize != 256)
        {
            throw new CryptographicException($"The key is a {key.KeySize}-bit ECDSA key; packs are signed with P-256.");
        }

        return Convert.ToBase64String(key.SignHash(SHA256.HashData(zip), DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>
    /// Reads a P-256 public key from SubjectPublicKeyInfo PEM; null (with the reason) when it is not one.
    /// </summary>
    public static (ECDsa? Key, string? Error) ReadPublicKey(string? publicKeyPem)
    {
        if (string.IsNullOrWhiteSpace(publicKeyPem) || !publicKeyPem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            return (null, "A public key is PEM text starting with -----BEGIN PUBLIC KEY----- (SubjectPublicKeyInfo).");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            var curve = key.ExportParameters(false).Curve.Oid;
            if (key.KeySize != 256 || (curve.Value != ECCurve.NamedCurves.nistP256.Oid.Value && curve.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1")))
            {
                key.Dispose();
                return (null, "The key is not on the P-256 curve (prime256v1 / secp256r1).");
            }

            return (key, null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return (null, $"Not an ECDSA public key in PEM: {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="signature"/> (base64 DER) signs the SHA-256 digest of <paramref name="zip"/> with <paramref name="key"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> zip, string signature, ECDsa key)
    {
        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature.Trim(), bytes, out var length)
            && key.VerifyHash(SHA256.HashData(zip), bytes.AsSpan(0, length), DSASignatureFormat.Rfc3279DerSequence);
    }
}
