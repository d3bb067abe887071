using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Saas.Platform.Workflows;

/// <summary>Enqueues the job of a run's next step; the current tenant is stamped on the job by the tenant job filter.</summary>
internal sealed class WorkflowQueue(IBackgroundJobClient jobs, WorkflowActivity activity, IOptions<WorkflowOptions> options)
{
    public void Enqueue(Guid runId, int sequence) => jobs.Enqueue<WorkflowRunner>(r => r.RunAsync(runId, sequence, CancellationToken.None));

    /// <summary>Enqueues many runs' next steps, <see cref="WorkflowOptions.RunsPerJob"/> runs to a job.</summary>
    public void EnqueueMany(IReadOnlyList<StoredRun> runs)
    {
        if (runs.Count == 1)
        {
            Enqueue(runs[0].Id, runs[0].Sequence);
            return;
        }

        foreach (var chunk in runs.Chunk(options.Value.RunsPerJob))
        {
            var ids = chunk.Select(r => r.Id).ToArray();
            var sequences = chunk.Select(r => r.Sequence).ToArray();
            jobs.Enqueue<WorkflowRunner>(r => r.RunManyAsync(ids, sequences, CancellationToken.None));
        }
    }

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

/// <summary>
/// On SQLite, one writer at a time: the runs of this process take turns for their transactions instead of waiting in
/// SQLite's busy handler, which sleeps between retries and leaves the database idle while writers queue.
/// </summary>
internal sealed class WorkflowWriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable?> EnterAsync(bool needed, CancellationToken cancellationToken)
    {
        if (!needed)
        {
            return null;
        }

        await gate.WaitAsync(cancellationToken);
        return new Exit(gate);
    }

    public void Dispose() => gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
