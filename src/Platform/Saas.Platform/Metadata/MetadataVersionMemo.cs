namespace Saas.Platform.Metadata;

/// <summary>
/// The tenant's metadata version as read inside the scope's open transaction, so the steps of one transaction (a
/// workflow job's batch of steps, a pack install) read it once instead of on every call. It is kept for that
/// transaction only: the next transaction, and so the next request on any node, reads it again. A metadata change
/// saved in this scope forgets it, so the scope's next read sees its own change, and marks the scope as one that changed
/// the version: what it reads after that may not be committed yet, so it is not shared with other scopes.
/// </summary>
internal sealed class MetadataVersionMemo
{
    private (object Transaction, Guid Tenant, long Version)? memo;

    /// <summary>True once this scope changed the tenant's version: caches keyed on it then stay in the scope.</summary>
    public bool ChangedHere { get; private set; }

    public bool TryGet(object? transaction, Guid tenant, out long version)
    {
        if (transaction is not null && memo is { } kept && ReferenceEquals(kept.Transaction, transaction) && kept.Tenant == tenant)
        {
            version = kept.Version;
            return true;
        }

        version = 0;
        return false;
    }

    public void Remember(object? transaction, Guid tenant, long version) => memo = transaction is null ? null : (transaction, tenant, version);

    public void Forget()
    {
        memo = null;
        ChangedHere = true;
    }
}
