using System.Collections.Concurrent;
using Hangfire;

namespace Saas.Platform.Workflows;

/// <summary>Enqueues the job of a run's next step; the current tenant is stamped on the job by the tenant job filter.</summary>
internal sealed class WorkflowQueue(IBackgroundJobClient jobs, WorkflowActivity activity)
{
    public void Enqueue(Guid runId, int sequence) => jobs.Enqueue<WorkflowRunner>(r => r.RunAsync(runId, sequence, CancellationToken.None));

    public void Poke(Guid tenantId) => activity.Touch(tenantId);
}

/// <summary>
/// The tenants with workflow runs in this process, which the dispatcher sweeps, and a signal that wakes it early when
/// a record write has started runs. The start-up recovery adds every tenant with unfinished runs.
/// </summary>
internal sealed class WorkflowActivity : IDisposable
{
    private readonly ConcurrentDictionary<Guid, byte> tenants = new();
    private readonly SemaphoreSlim signal = new(0);

    public IReadOnlyCollection<Guid> Tenants => [.. tenants.Keys];

    public void Touch(Guid tenantId)
    {
        tenants.TryAdd(tenantId, 0);
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}
