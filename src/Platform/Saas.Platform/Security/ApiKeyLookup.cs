using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>What an <c>X-Api-Key</c> header stands for.</summary>
internal sealed record ResolvedApiKey(Guid KeyId, Guid? TenantId, string? TenantIdentifier, string? Role, bool IsOperator, string? Publisher = null);

/// <summary>Keys that are not a tenant's (a publisher's, say), told apart by the marker their secrets start with.</summary>
internal interface IApiKeyKind
{
    string Marker { get; }

    Task<ResolvedApiKey?> FindAsync(string secret, CancellationToken cancellationToken);
}

/// <summary>Finds the key of the current request once (the API key strategy and the authentication handler both ask).</summary>
internal sealed class ApiKeyLookup(CatalogDbContext catalog, OperatorKey operatorKey, IEnumerable<IApiKeyKind> kinds)
{
    public const string Header = "X-Api-Key";

    /// <summary>Compiled once: every request with a key asks it, and translating the LINQ each time cost more than the query.</summary>
    private static readonly CompiledPerModel<Func<CatalogDbContext, string, CancellationToken, Task<ResolvedApiKey?>>> ByHash = new(() => EF.CompileAsyncQuery(
        (CatalogDbContext context, string hash, CancellationToken _) => (
            from key in context.ApiKeys.AsNoTracking()
            join tenant in context.Tenants on key.TenantId equals tenant.Id
            where key.Hash == hash && key.RevokedAt == null
            select new ResolvedApiKey(key.Id, tenant.Id, tenant.Identifier, key.Role, false)).FirstOrDefault()));

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

        found = kinds.FirstOrDefault(k => secret.StartsWith(k.Marker, StringComparison.Ordinal)) is { } kind
            ? await kind.FindAsync(secret, cancellationToken)
            : await ByHash.For(catalog)(catalog, ApiKeySecret.Hash(secret), cancellationToken);
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
