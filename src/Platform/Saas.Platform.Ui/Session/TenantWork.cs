using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Access;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Ui.Session;

/// <summary>
/// Runs one unit of a page's work against the platform's services, the way a request would: the circuit's tenant
/// ambient, a fresh DI scope (so each unit gets its own DbContext, never one shared by the whole circuit) and the
/// member as that scope's caller, so the record and query services enforce the member's permissions.
/// </summary>
public sealed class TenantWork(StaffSession session, IServiceScopeFactory scopes, ITenantSetter tenants)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (session is not { Tenant: { } tenant, Caller: { } caller })
        {
            throw new InvalidOperationException("The circuit has no tenant member: the page should not have rendered.");
        }

        using var current = tenants.Begin(tenant);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ICallerSetter>().Become(caller);
        return await work(scope.ServiceProvider);
    }
}
