using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Jobs;

/// <summary>
/// Carries the tenant with every background job. Creating a job stamps the current tenant's id as a job parameter;
/// before the job runs, the tenant is restored, and only then does Hangfire's activator create the job's scope,
/// so the job's services (its DbContext above all) see that tenant and only that tenant.
/// </summary>
internal sealed class TenantJobFilter(ITenantAccessor tenants, ITenantSetter setter, IServiceScopeFactory scopes) : JobFilterAttribute, IClientFilter, IServerFilter
{
    public const string Parameter = "TenantId";
    private const string ScopeItem = "Saas.TenantScope";

    public void OnCreating(CreatingContext context)
    {
        if (tenants.Tenant is { } tenant)
        {
            context.SetJobParameter(Parameter, tenant.Id);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var tenantId = context.GetJobParameter<Guid?>(Parameter);
        if (tenantId is not { } id)
        {
            return;
        }

        // Hangfire filters are synchronous; the lookup is one cached catalog read on a worker thread with no synchronization context.
        using var scope = scopes.CreateScope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(id, CancellationToken.None).GetAwaiter().GetResult();
        if (tenant is not { IsActive: true })
        {
            throw new InvalidOperationException($"Job {context.BackgroundJob.Id} belongs to tenant {id}, which is unknown or disabled.");
        }

        context.Items[ScopeItem] = setter.Begin(tenant);
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ScopeItem, out var scope) && scope is IDisposable restore)
        {
            restore.Dispose();
        }
    }
}
