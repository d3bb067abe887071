using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>What an <c>X-Api-Key</c> header stands for.</summary>
internal sealed record ResolvedApiKey(Guid KeyId, Guid? TenantId, string? TenantIdentifier, string? Role, bool IsOperator);

/// <summary>Finds the key of the current request once (the API key strategy and the authentication handler both ask).</summary>
internal sealed class ApiKeyLookup(CatalogDbContext catalog, OperatorKey operatorKey)
{
    public const string Header = "X-Api-Key";

    private bool looked;
    private ResolvedApiKey? found;

    public async Task<ResolvedApiKey?> FindAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (looked)
        {
            return found;
        }

        looked = true;
        var secret = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(secret))
        {
            return null;
        }

        if (operatorKey.Matches(secret))
        {
            return found = new ResolvedApiKey(Guid.Empty, null, null, null, IsOperator: true);
        }

        var hash = ApiKeySecret.Hash(secret);
        found = await (
            from key in catalog.ApiKeys.AsNoTracking()
            join tenant in catalog.Tenants on key.TenantId equals tenant.Id
            where key.Hash == hash && key.RevokedAt == null
            select new ResolvedApiKey(key.Id, tenant.Id, tenant.Identifier, key.Role, false)).FirstOrDefaultAsync(cancellationToken);
        return found;
    }
}

/// <summary>The operator's key (from configuration, or generated in Development), compared in constant time.</summary>
internal sealed class OperatorKey(string? secret, string? generatedIn)
{
    public const string DevelopmentFile = "operator-api-key";

    private readonly byte[]? hash = string.IsNullOrWhiteSpace(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool IsConfigured => hash is not null;

    /// <summary>Where a generated Development key is kept; null when the key came from configuration.</summary>
    public string? GeneratedIn => generatedIn;

    /// <summary>Shown in the Development start-up log only.</summary>
    internal string? GeneratedSecret => generatedIn is null ? null : secret;

    public bool Matches(string candidate) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));
}
