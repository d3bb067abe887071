using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// Enqueues <see cref="FormulaRecomputeJob"/> for the current tenant (the job filter stamps it); a host without jobs
/// runs it in the request instead.
/// </summary>
internal sealed class FormulaRecomputeScheduler(IServiceProvider services) : IFormulaRecompute
{
    public async Task ScheduleAsync(Guid entityId, CancellationToken cancellationToken)
    {
        if (services.GetService<IBackgroundJobClient>() is { } jobs)
        {
            jobs.Enqueue<FormulaRecomputeJob>(job => job.RunAsync(entityId, CancellationToken.None));
            return;
        }

        await services.GetRequiredService<FormulaRecomputeJob>().RunAsync(entityId, cancellationToken);
    }
}

/// <summary>
/// Recomputes every formula of an entity for each of its live records, <see cref="BatchSize"/> records per transaction,
/// and writes the values that changed like a change of the record: JSON, index rows, history (by
/// <see cref="Actor"/>) and version + 1, with <c>modifiedAt</c> kept, as roll-ups do. A batch that races a user's
/// write of one of its records fails on the version check and is read again and redone. Deleted records keep the
/// values they had (restoring one writes them back as they were; its next write recomputes them).
/// </summary>
internal sealed partial class FormulaRecomputeJob(
    TenantDbContext db, IMetadataService metadata, RecordFormulas formulas, TimeProvider clock, ILogger<FormulaRecomputeJob> logger)
{
    public const string Actor = "system:formula-recompute";
    private const int BatchSize = 200;
    private const int Attempts = 3;

    public async Task RunAsync(Guid entityId, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.Entities.FirstOrDefault(e => e.Id == entityId) is not { } entity)
        {
            return;
        }

        var ids = await db.Records.AsNoTracking().Where(r => r.EntityId == entityId && r.DeletedAt == null).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var batch in ids.Chunk(BatchSize))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    changed += await RecomputeAsync(entity, batch, cancellationToken);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                {
                    db.ChangeTracker.Clear();
                }
            }

            db.ChangeTracker.Clear();
        }

        LogDone(entity.ApiName, ids.Count, changed);
    }

    private async Task<int> RecomputeAsync(EntityDefinition entity, Guid[] batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = await db.Records.Where(r => batch.Contains(r.Id) && r.DeletedAt == null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var changedRecords = 0;
        foreach (var record in records)
        {
            var current = RecordData.Read(record.Data);
            var updated = new Dictionary<Guid, JsonNode?>(current);
            var changed = formulas.Compute(entity, updated, new ExpressionContext(now));
            if (changed.Count == 0)
            {
                continue;
            }

            changedRecords++;
            record.Version++;
            var changes = new RecordChanges(record, record.Version, new RecordActor(Actor, null), now);
            var fieldIds = changed.Select(f => f.Id).ToList();
            db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == record.Id && fieldIds.Contains(v.FieldId)).ToListAsync(cancellationToken));
            foreach (var field in changed)
            {
                changes.Add(field.ApiName, current.GetValueOrDefault(field.Id), updated.GetValueOrDefault(field.Id));
                db.RecordValues.AddRange(RecordIndex.Index(record, field, updated.GetValueOrDefault(field.Id)));
            }

            record.Data = RecordData.Write(updated);
            db.RecordHistory.AddRange(changes.Rows);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changedRecords;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Formulas of {Entity} recomputed: {Records} records read, {Changed} changed")]
    private partial void LogDone(string entity, int records, int changed);
}
