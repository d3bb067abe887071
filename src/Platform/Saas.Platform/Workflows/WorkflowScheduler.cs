using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>The tenants known to have workflow timers: published here, or found by the last full pass over all tenants.</summary>
internal sealed class WorkflowTimerTenants
{
    // Each tenant with the time it was last added, so a sweep that began before a publish does not forget the tenant.
    private readonly ConcurrentDictionary<Guid, long> tenants = new();

    public IReadOnlyCollection<Guid> Tenants => [.. tenants.Keys];

    public void Add(Guid tenantId) => tenants[tenantId] = Stopwatch.GetTimestamp();

    /// <summary>
    /// Forgets the tenant, unless it was added shortly before or after <paramref name="since"/> (a timestamp taken before
    /// the sweep that found no timers): a publish adds its tenant just before its transaction commits.
    /// </summary>
    public void Remove(Guid tenantId, long since)
    {
        if (tenants.TryGetValue(tenantId, out var added) && added < since - (Stopwatch.Frequency * 60))
        {
            tenants.TryRemove(KeyValuePair.Create(tenantId, added));
        }
    }
}

/// <summary>
/// The recurring platform job of the timed triggers: every <see cref="WorkflowOptions.TimerInterval"/> it sweeps the
/// tenants with timers, and every <see cref="WorkflowOptions.TimerRescanInterval"/> (and at start) all active tenants,
/// so timers published by another process are found too. Each tenant is swept with its tenant current; the claims in
/// <see cref="WorkflowTimerSweep"/> make concurrent sweeps of several processes safe.
/// </summary>
internal sealed partial class WorkflowScheduler(
    IServiceScopeFactory scopes, ITenantSetter setter, WorkflowTimerTenants timed, PlatformReadiness readiness, IOptions<WorkflowOptions> options,
    ILogger<WorkflowScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? lastRescan = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.TimerInterval, stoppingToken);
                if (!readiness.IsReady)
                {
                    continue;
                }

                var rescan = lastRescan is null || Stopwatch.GetElapsedTime(lastRescan.Value) >= options.Value.TimerRescanInterval;
                IReadOnlyCollection<Guid> tenantIds = rescan ? await ActiveTenantsAsync(stoppingToken) : timed.Tenants;
                lastRescan = rescan ? Stopwatch.GetTimestamp() : lastRescan;
                foreach (var tenantId in tenantIds)
                {
                    await SweepAsync(tenantId, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(ex);
            }
        }
    }

    private async Task<IReadOnlyCollection<Guid>> ActiveTenantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return await catalog.Tenants.AsNoTracking().Where(t => t.IsActive).Select(t => t.Id).ToListAsync(cancellationToken);
    }

    private async Task SweepAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        TenantInfo? tenant;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            tenant = await lookup.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(tenantId, cancellationToken);
        }

        if (tenant is not { IsActive: true })
        {
            timed.Remove(tenantId, started);
            return;
        }

        try
        {
            using (setter.Begin(tenant))
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<WorkflowTimerSweep>().SweepAsync(cancellationToken))
                {
                    timed.Add(tenantId);
                }
                else
                {
                    timed.Remove(tenantId, started);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTenantFailed(ex, tenantId); // one tenant's failure does not hold up the others
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow timer sweep failed")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow timer sweep of tenant {Tenant} failed")]
    private partial void LogTenantFailed(Exception exception, Guid tenant);
}
