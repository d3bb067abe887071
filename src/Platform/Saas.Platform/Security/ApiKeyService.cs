using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Security;

/// <summary>A key as listed: everything but the secret.</summary>
public sealed record ApiKeySummary(Guid Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A key just created: the only time its secret is shown.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, string Secret);

internal sealed class ApiKeyService(CatalogDbContext catalog, TimeProvider clock, IMemoryCache cache)
{
    private static readonly Expression<Func<ApiKey, ApiKeySummary>> ToSummary =
        k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.Role, k.CreatedAt, k.CreatedBy, k.RevokedAt);

    public async Task<CreatedApiKey> CreateAsync(Guid tenantId, string name, string role, string createdBy, CancellationToken cancellationToken)
    {
        var (secret, prefix, hash) = ApiKeySecret.Create();
        var key = new ApiKey
        {
            Id = Uuid.NewSequential(),
            TenantId = tenantId,
            Name = name,
            Prefix = prefix,
            Hash = hash,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
            Role = role,
        };
        catalog.ApiKeys.Add(key);
        await catalog.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, key.Prefix, key.Role, key.CreatedAt, secret);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await KeysOf(tenantId).OrderBy(k => k.CreatedAt).Select(ToSummary).ToListAsync(cancellationToken);

    public Task<ApiKeySummary?> FindAsync(Guid tenantId, Guid keyId, CancellationToken cancellationToken) =>
        KeysOf(tenantId).Where(k => k.Id == keyId).Select(ToSummary).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<ApiKey> KeysOf(Guid tenantId) => catalog.ApiKeys.AsNoTracking().Where(k => k.TenantId == tenantId);

    /// <summary>Null when the tenant has no such key; revoking twice keeps the first revocation time.</summary>
    public async Task<ApiKeySummary?> RevokeAsync(Guid tenantId, Guid keyId, CancellationToken cancellationToken)
    {
        var key = await catalog.ApiKeys.FirstOrDefaultAsync(k => k.TenantId == tenantId && k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        key.RevokedAt ??= clock.GetUtcNow();
        await catalog.SaveChangesAsync(cancellationToken);
        ApiKeyLookup.Evict(cache, key.Hash);
        return new ApiKeySummary(key.Id, key.Name, key.Prefix, key.Role, key.CreatedAt, key.CreatedBy, key.RevokedAt);
    }
}
