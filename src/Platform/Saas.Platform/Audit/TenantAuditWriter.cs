using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Audit;

/// <summary>
/// Writes to the audit log of a given tenant from code that runs outside it (an operator creating or disabling a
/// tenant, a person accepting an invitation): the tenant is made current and the log comes from a scope created inside,
/// so the entry goes to that tenant's database and passes the tenant checks like any other write.
/// </summary>
internal sealed class TenantAuditWriter(ITenantSetter setter, IServiceScopeFactory scopes)
{
    public async Task RecordAsync(TenantInfo tenant, string actor, IEnumerable<(string Action, string Target, string? Details)> entries, CancellationToken cancellationToken)
    {
        using (setter.Begin(tenant))
        {
            await using var scope = scopes.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            foreach (var (action, target, details) in entries)
            {
                await audit.RecordAsync(actor, action, target, details, cancellationToken);
            }
        }
    }

    public Task RecordAsync(TenantInfo tenant, string actor, string action, string target, string? details, CancellationToken cancellationToken) =>
        RecordAsync(tenant, actor, [(action, target, details)], cancellationToken);
}
