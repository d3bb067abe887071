using System.Linq.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Access;

/// <summary>
/// The current caller's permissions, as the record and query services enforce them. An API key owns nothing and is in
/// no team: it reads every record its role may read at any scope, and its update and delete reach only what its role
/// may change at scope all.
/// </summary>
internal sealed class CallerAccess(CurrentCaller current, AccessResolver resolver, ITenantAccessor tenants)
{
    public Caller? Caller => current.Value;

    public async Task<EntityPermission> PermissionAsync(EntityDefinition entity, CancellationToken cancellationToken) =>
        current.Value is { } caller
            ? await resolver.PermissionAsync(tenants.Tenant!.Id, caller.Role, entity, cancellationToken)
            : new EntityPermission(entity, [new Grant("the platform", EntityRule.Full)]);

    /// <summary>The scope of an action for this caller: a key's read reaches every record.</summary>
    public RecordScope Effective(RecordScope scope, bool reading) =>
        current.Value is { IsKey: true } && reading && scope != RecordScope.None ? RecordScope.All : scope;

    /// <summary>The records a scope reaches, as a filter that runs in SQL; null for every record.</summary>
    public async Task<Expression<Func<StoredRecord, bool>>?> FilterAsync(RecordScope scope, CancellationToken cancellationToken)
    {
        if (scope == RecordScope.All || current.Value is null)
        {
            return null;
        }

        if (scope == RecordScope.None)
        {
            return r => false;
        }

        var owners = await resolver.OwnersAsync(tenants.Tenant!.Id, current.Value.UserId, scope, cancellationToken);
        return r => owners.Contains(r.OwnerId);
    }

    /// <summary>Whether a record with <paramref name="ownerId"/> is in the scope.</summary>
    public async Task<bool> ReachesAsync(RecordScope scope, Guid? ownerId, CancellationToken cancellationToken) =>
        scope == RecordScope.All || current.Value is null
        || (scope != RecordScope.None && (await resolver.OwnersAsync(tenants.Tenant!.Id, current.Value.UserId, scope, cancellationToken)).Contains(ownerId));
}
