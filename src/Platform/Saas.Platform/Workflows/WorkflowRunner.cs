using System.Diagnostics;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>
/// The job that runs the steps of one run. It carries the run's id and the sequence number it was enqueued for (the
/// tenant rides as a job parameter); a job that finds the run moved on does nothing, so duplicates are harmless.
/// Consecutive steps run in the same job and transaction up to <see cref="WorkflowOptions.StepsPerJob"/>, then the next
/// job is enqueued. Each step's writes and effect rows are saved as it runs; the run's advance and the steps' log rows
/// are saved once, just before the transaction commits, so they commit with the writes.
/// </summary>
internal sealed partial class WorkflowRunner(
    TenantDbContext db, ITenantAccessor tenants, WorkflowPlans plans, WorkflowSteps steps, WorkflowStepScope scope, IRecordService records,
    WorkflowEffects effects, WorkflowWebhooks webhooks, WorkflowLoops loops, WorkflowQueue queue, IOptions<WorkflowOptions> options, WorkflowWriteGate gate, TimeProvider clock, ILogger<WorkflowRunner> logger)
{
    /// <summary>Effect keys of the run being stepped that already have an effect row (other than a webhook's outbox row).</summary>
    private readonly HashSet<string> done = new(StringComparer.Ordinal);

    /// <summary>The run's record as the last step read it or its update of it left it, kept while the steps since wrote nothing (an <c>if</c>).</summary>
    private IReadOnlyDictionary<string, object?>? unchanged;

    /// <summary>Whether a step of this job queued mail, which is handed to the mail outbox once the job's steps committed.</summary>
    private bool mailed;

    /// <summary>The log rows of the steps taken since the run was last saved.</summary>
    private readonly List<StoredRunStep> logged = [];

    /// <summary>The run's row as last read or saved: the run is not tracked while its steps save, and its own save compares with this.</summary>
    private PropertyValues? stored;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid runId, int sequence, CancellationToken cancellationToken)
    {
        await RunOneAsync(runId, sequence, cancellationToken);
        await DeliverAsync(cancellationToken);
    }

    /// <summary>
    /// Runs several runs one after the other (a manual start on many records, or a sweep's claims), each as
    /// <see cref="RunAsync"/> would; a run whose job fails is left to the sweep (its lease runs out), the others go on.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunManyAsync(Guid[] runIds, int[] sequences, CancellationToken cancellationToken)
    {
        for (var i = 0; i < runIds.Length; i++)
        {
            try
            {
                await RunOneAsync(runIds[i], sequences[i], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRunFailed(ex, runIds[i]);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        await DeliverAsync(cancellationToken);
    }

    /// <summary>Hands the mail this job's steps queued to the outbox; mail a crashed job left behind is the sweep's.</summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (mailed)
        {
            await effects.DeliverAsync(null, cancellationToken);
        }
    }

    private async Task RunOneAsync(Guid runId, int sequence, CancellationToken cancellationToken)
    {
        var run = await db.WorkflowRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Sequence != sequence || run.Status != RunStatus.Pending)
        {
            LogStale(runId, sequence);
            return;
        }

        stored = db.Entry(run).OriginalValues.Clone();
        db.Entry(run).State = EntityState.Detached;
        logged.Clear();

        // Consecutive steps run in this job and in one transaction (a webhook's call commits what came before it), each
        // step after the first behind a savepoint, so a failed step undoes only its own writes. The run's position and its
        // steps' writes commit together: a crash mid-batch leaves the run at the last committed step, never past a step
        // whose writes were lost. A wait, an approval, a failure or the bound ends the batch. Another job that moved the
        // run on is found when the run is saved, and the batch is then undone.
        done.Clear();
        unchanged = null;
        if (run.Sequence > 0) // effect rows commit with the step that made them, which moved the sequence on
        {
            done.UnionWith(await db.WorkflowEffects.AsNoTracking()
                .Where(e => e.RunId == run.Id && e.Kind != WorkflowWebhooks.Kind).Select(e => e.StepId).ToListAsync(cancellationToken));
        }
        await using var batch = new StepBatch(db, gate);
        var taken = 0;
        while (true)
        {
            if (!await StepAsync(run, batch, cancellationToken))
            {
                await batch.RollbackAsync(cancellationToken);
                LogStale(runId, run.Sequence);
                return;
            }

            taken++;
            if (run.Status != RunStatus.Pending || run.Attempt != 0 || taken >= options.Value.StepsPerJob)
            {
                break;
            }
        }

        if (!await SaveRunAsync(run, cancellationToken))
        {
            await batch.RollbackAsync(cancellationToken);
            LogStale(runId, sequence);
            return;
        }

        await batch.CommitAsync(cancellationToken);
        if (run.Status == RunStatus.Pending && run.Attempt == 0)
        {
            queue.Enqueue(run.Id, run.Sequence);
        }
    }

    /// <summary>Runs the run's current step and applies its outcome to the run; answers false when another job moved the run on.</summary>
    private async Task<bool> StepAsync(StoredRun run, StepBatch batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plan = await plans.GetAsync(db, run.VersionId, cancellationToken);
        if (plan is null || run.Position is null || plan.Step(run.Position) is not { } step)
        {
            Fault(run, $"Step '{run.Position}' is not in version {run.Version} of the workflow.", now);
            return true;
        }

        var started = Stopwatch.GetTimestamp();
        if (step.Type == WorkflowNames.CallWebhook)
        {
            // No database transaction is held across a remote call: what the batch did so far commits first.
            if (logged.Count > 0 && !await SaveRunAsync(run, cancellationToken))
            {
                return false;
            }

            await batch.CommitAsync(cancellationToken);
            if (await CallOutAsync(run, plan, step, now, cancellationToken) is { } failed)
            {
                Apply(run, plan, step, failed, now, Stopwatch.GetElapsedTime(started));
                return true;
            }
        }

        await batch.BeginStepAsync(cancellationToken);
        var result = await ExecuteAsync(run, plan, step, now, cancellationToken);
        batch.EndStep();
        if (result.Failed)
        {
            // A failed record write may leave rows tracked or written: they go; only the run's own bookkeeping is kept.
            await batch.UndoStepAsync(cancellationToken);
            db.ChangeTracker.Clear();
            AddedRows.Forget(db);
            Apply(run, plan, step, result, now, Stopwatch.GetElapsedTime(started));
            return true;
        }

        // What the step left unsaved (a mail's effect row) is saved under its savepoint: a later step of this batch with
        // the same key finds the step's effect rows, as the query of a new job would. Just saved, so nothing is left to
        // detect below.
        await db.SaveChangesAsync(cancellationToken);
        Apply(run, plan, step, result, now, Stopwatch.GetElapsedTime(started));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var saved = db.ChangeTracker.Entries<StoredRunEffect>().Select(e => e.Entity).Where(e => e.RunId == run.Id && e.Kind != WorkflowWebhooks.Kind).ToList();
        done.UnionWith(saved.Select(e => e.StepId));
        mailed |= saved.Any(e => e.Kind == WorkflowEffects.Mail);
        unchanged = result.Record ?? (step.Type == WorkflowNames.If ? unchanged : null); // a condition writes nothing; every other step may

        // The run's record stays tracked as saved: in this transaction the record service takes it instead of reading it again.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not StoredRecord record || record.Id != run.RecordId).ToList())
        {
            entry.State = EntityState.Detached;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return true;
    }

    /// <summary>
    /// A webhook is called outside the step's transaction (a database lock is not held across a remote call), with its
    /// outbox row saved on its own; the step then maps the kept answer in its transaction. Answers the failure, or null.
    /// </summary>
    private async Task<StepResult?> CallOutAsync(StoredRun run, WorkflowPlan plan, WorkflowStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var context = await loops.WithItemAsync(new StepContext(run, plan, await RecordAsync(run, cancellationToken), now, tenants.Tenant!.Id), step, cancellationToken);
            return await webhooks.CallAsync(step, context, cancellationToken) is { } error ? StepResult.Fail(error, retry: false) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(ex, run.Id, step.Id!);
            db.ChangeTracker.Clear();
            AddedRows.Forget(db);
            return StepResult.Fail(ex.Message, retry: true);
        }
    }

    /// <summary>
    /// Saves the run's advance and the log rows of its steps since the last save, in the batch's transaction; answers
    /// false when another job moved the run on since it was read (its sequence is the run's concurrency token).
    /// </summary>
    private async Task<bool> SaveRunAsync(StoredRun run, CancellationToken cancellationToken)
    {
        var entry = db.WorkflowRuns.Attach(run);
        entry.OriginalValues.SetValues(stored!);
        AddedRows.Stage(db, logged);
        logged.Clear();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        stored = entry.OriginalValues.Clone();
        entry.State = EntityState.Detached;
        return true;
    }

    private async Task<StepResult> ExecuteAsync(StoredRun run, WorkflowPlan plan, WorkflowStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A step whose effect is saved already ran (the job died before the run moved on): go on without repeating it.
        // (A webhook's outbox row is written before its call; its step reads the kept answer instead.)
        if (done.Contains(WorkflowLoops.EffectKey(plan, run.Variables, step.Id!)))
        {
            return StepResult.GoTo(plan.Next(step.Id!), "{\"replayed\":true}");
        }

        try
        {
            using (scope.Begin(new StepInProgress(run.Id, step.Id!, run.Attempt, run.Depth)))
            {
                var context = new StepContext(run, plan, await RecordAsync(run, cancellationToken), now, tenants.Tenant!.Id);
                return await steps.RunAsync(step, await loops.WithItemAsync(context, step, cancellationToken), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStepFailed(ex, run.Id, step.Id!);
            return StepResult.Fail(ex.Message, retry: true);
        }
    }

    private void Apply(StoredRun run, WorkflowPlan plan, WorkflowStep step, StepResult result, DateTimeOffset now, TimeSpan elapsed)
    {
        var settings = options.Value;
        logged.Add(new StoredRunStep
        {
            Id = StepLogIds.Next(),
            TenantId = run.TenantId,
            RunId = run.Id,
            StepId = step.Id!,
            StepType = step.Type!,
            Attempt = run.Attempt + 1,
            StartedAt = now,
            DurationMs = elapsed.TotalMilliseconds,
            Input = plan.InputOf(step),
            Output = result.Output,
            Error = result.Error,
        });
        run.Sequence++;
        run.UpdatedAt = now;
        if (result.Failed)
        {
            run.Attempt++;
            run.Error = result.Error;
            if (result.Retry && run.Attempt < settings.MaxAttempts)
            {
                run.DueAt = now + (settings.RetryDelay * Math.Pow(2, run.Attempt - 1));
            }
            else
            {
                Fault(run, result.Error!, now);
            }

            return;
        }

        run.Attempt = 0;
        run.Error = null;
        run.Position = result.Position;
        run.Bookmark = result.Bookmark;
        if (result.Waits)
        {
            run.Status = RunStatus.Waiting;
            run.DueAt = result.DueAt;
        }
        else if (result.Position is null)
        {
            run.Status = RunStatus.Completed;
            run.CompletedAt = now;
            run.DueAt = null;
        }
        else
        {
            run.DueAt = now + settings.Lease;
        }
    }

    private static void Fault(StoredRun run, string error, DateTimeOffset now)
    {
        run.Status = RunStatus.Faulted;
        run.Error = error;
        run.DueAt = null;
        run.UpdatedAt = now;
    }

    private async Task<IReadOnlyDictionary<string, object?>> RecordAsync(StoredRun run, CancellationToken cancellationToken)
    {
        if (unchanged is not null)
        {
            return unchanged;
        }

        if (run.RecordId is { } id && (await records.GetAsync(run.Entity, id, cancellationToken)).Value is { } record)
        {
            return unchanged = StepContext.ValuesOf(record);
        }

        var kept = JsonNode.Parse(run.Variables)?[WorkflowTriggers.DeletedRecordVariable] as JsonObject;
        return kept is null
            ? new Dictionary<string, object?>()
            : kept.ToDictionary(p => p.Key, p => ComputedValues.ToExpression(p.Value), StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow run {Run} job for step {Sequence} is stale")]
    private partial void LogStale(Guid run, int sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow run {Run} failed in a batch job; the sweep takes it up again when its lease runs out")]
    private partial void LogRunFailed(Exception exception, Guid run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow run {Run} step {Step} failed")]
    private partial void LogStepFailed(Exception exception, Guid run, string step);
}

/// <summary>
/// The transaction a job's consecutive steps share: begun by the first step, a savepoint before each later one so a
/// failed step undoes only its own writes, committed when the batch ends or before a webhook's remote call. Inside it
/// EF Core's automatic savepoint around each save is off: the step's savepoint already covers the save, and a failed
/// save undoes the step or the whole batch, so the automatic one would only cost two more statements per save.
/// </summary>
internal sealed class StepBatch(TenantDbContext db, WorkflowWriteGate gate) : IAsyncDisposable
{
    private const string Savepoint = "workflow_step";
    private IDbContextTransaction? transaction;
    private IDisposable? turn;
    private int steps;
    private bool automaticSavepoints;

    public async Task BeginStepAsync(CancellationToken cancellationToken)
    {
        if (transaction is null)
        {
            turn = await gate.EnterAsync(db.Database.IsSqlite(), cancellationToken);
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            automaticSavepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            steps = 0;
        }
        else if (steps > 0)
        {
            await DeferredStatements.SetSavepointAsync(db, transaction, Savepoint, cancellationToken);
            db.CoveringSavepoint = Savepoint; // a refused record write fails the step, which undoes it all anyway
        }

        steps++;
    }

    /// <summary>The step ran: a savepoint its write did not take covers nothing else.</summary>
    public void EndStep() => db.CoveringSavepoint = null;

    /// <summary>Undoes the current step's writes: back to its savepoint, or the whole transaction when it is the first step in it.</summary>
    public async Task UndoStepAsync(CancellationToken cancellationToken)
    {
        if (transaction is null)
        {
            return;
        }

        if (steps > 1)
        {
            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            steps--;
            return;
        }

        await RollbackAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            await DisposeAsync();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
            transaction = null;
            db.Database.AutoSavepointsEnabled = automaticSavepoints;
            db.CoveringSavepoint = null;
            db.DeferredStatements.Clear();
            steps = 0;
        }

        turn?.Dispose();
        turn = null;
    }
}
