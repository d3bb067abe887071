namespace Saas.Platform.Tenancy;

/// <summary>Reads the tenant of the current request, job or workflow step.</summary>
public interface ITenantAccessor
{
    /// <summary>The current tenant, or null where none was resolved (platform routes, start-up).</summary>
    TenantInfo? Tenant { get; }
}

/// <summary>
/// Sets the current tenant. Only the tenancy middleware, the job filter and the workflow runner use it;
/// everything else reads through <see cref="ITenantAccessor"/>.
/// </summary>
public interface ITenantSetter
{
    /// <summary>Makes <paramref name="tenant"/> current until the returned scope is disposed, which restores the previous tenant.</summary>
    IDisposable Begin(TenantInfo tenant);
}

/// <summary>The current tenant flows with the async call context, so a scope created inside <see cref="Begin"/> sees it.</summary>
internal sealed class AmbientTenant : ITenantAccessor, ITenantSetter
{
    private readonly AsyncLocal<TenantInfo?> current = new();

    public TenantInfo? Tenant => current.Value;

    public IDisposable Begin(TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var previous = current.Value;
        current.Value = tenant;
        return new Restore(this, previous);
    }

    private sealed class Restore(AmbientTenant owner, TenantInfo? previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            owner.current.Value = previous;
        }
    }
}
