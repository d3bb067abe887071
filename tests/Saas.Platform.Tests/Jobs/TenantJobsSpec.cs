using System.Collections.Concurrent;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Jobs;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Jobs;

/// <summary>A background job runs for the tenant that created it and sees that tenant's rows only.</summary>
public abstract class TenantJobsSpec(PlatformApp app)
{
    [Fact]
    public async Task A_job_runs_in_the_tenant_that_enqueued_it_and_sees_only_its_rows()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("job-a")).Tenant.Identifier);
        await app.CreateTenantAsync("job-b");
        var marker = Guid.NewGuid().ToString("N");

        string jobId;
        using (app.Services.GetRequiredService<ITenantSetter>().Begin(a))
        {
            jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<TenantProbeJob>(job => job.RunAsync(marker));
        }

        var seen = await TenantProbeJob.WaitForAsync(marker);
        Assert.Equal(a.Id, seen.Tenant);
        Assert.Equal([a.Id], seen.RowTenants);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(a.Id.ToString(), connection.GetJobParameter(jobId, TenantJobFilter.Parameter), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_enqueued_outside_any_tenant_sees_no_tenant_data()
    {
        await app.CreateTenantAsync("job-none");
        var marker = Guid.NewGuid().ToString("N");

        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<TenantProbeJob>(job => job.RunAsync(marker));

        var seen = await TenantProbeJob.WaitForAsync(marker);
        Assert.Null(seen.Tenant);
        Assert.Empty(seen.RowTenants);
    }
}

/// <summary>Records what a job sees: the current tenant and the tenants of the rows its DbContext returns.</summary>
public sealed class TenantProbeJob(ITenantAccessor tenants, TenantDbContext db)
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<(Guid? Tenant, List<Guid> RowTenants)>> Seen = new();

    public async Task RunAsync(string marker)
    {
        var rowTenants = await db.AuditEntries.Select(e => e.TenantId).Distinct().ToListAsync();
        Result(marker).TrySetResult((tenants.Tenant?.Id, rowTenants));
    }

    public static async Task<(Guid? Tenant, List<Guid> RowTenants)> WaitForAsync(string marker) =>
        await Result(marker).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private static TaskCompletionSource<(Guid? Tenant, List<Guid> RowTenants)> Result(string marker) =>
        Seen.GetOrAdd(marker, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

[Collection(OnSqlite.Name)]
public sealed class TenantJobsOnSqlite(SqliteApp app) : TenantJobsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class TenantJobsOnPostgres(PostgresApp app) : TenantJobsSpec(app);
