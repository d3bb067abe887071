using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>What an <c>X-Api-Key</c> header stands for.</summary>
internal sealed record ResolvedApiKey(Guid KeyId, Guid? TenantId, string? TenantIdentifier, string? Role, bool IsOperator, string? Publisher = null);

/// <summary>Keys that are not a tenant's (a publisher's, say), told apart by the marker their secrets start with.</summary>
internal interface IApiKeyKind
{
    string Marker { get; }

    Task<ResolvedApiKey?> FindAsync(string secret, CancellationToken cancellationToken);
}

/// <summary>
/// Finds the key of the current request once (the API key strategy and the authentication handler both ask). A
/// tenant's key, once found, is kept in memory as the tenant's catalog entry is (<see cref="TenancyOptions.CacheSeconds"/>):
/// a request with a key then makes no round trip for it. A key revoked on this node is refused at once; other nodes
/// refuse it within that time, as they do a disabled tenant. Unknown keys are not kept, so a new key works at once everywhere.
/// </summary>
internal sealed class ApiKeyLookup(CatalogDbContext catalog, OperatorKey operatorKey, IEnumerable<IApiKeyKind> kinds, IMemoryCache cache, IOptions<TenancyOptions> options)
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
            : await TenantKeyAsync(ApiKeySecret.Hash(secret), cancellationToken);
        return found;
    }

    /// <summary>Forgets a revoked key on this node.</summary>
    public static void Evict(IMemoryCache cache, string hash) => cache.Remove(CacheKey(hash));

    private async Task<ResolvedApiKey?> TenantKeyAsync(string hash, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(hash), out ResolvedApiKey? kept))
        {
            return kept;
        }

        var key = await ByHash.For(catalog)(catalog, hash, cancellationToken);
        if (key is not null)
        {
            cache.Set(CacheKey(hash), key, TimeSpan.FromSeconds(options.Value.CacheSeconds));
        }

        return key;
    }

    private static string CacheKey(string hash) => "api-key:" + hash;
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
