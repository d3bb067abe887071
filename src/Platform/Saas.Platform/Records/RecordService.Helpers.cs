using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

internal sealed partial class RecordService
{
    private const string DeletedAtField = "deletedAt";

    private const string WriteSavepoint = "record_write";

    /// <summary>412 when the caller named versions (If-Match) and the record is at another one.</summary>
    private static RecordOutcome<RecordView>? Stale(StoredRecord record, IReadOnlyCollection<int>? ifMatch) =>
        ifMatch is null || ifMatch.Contains(record.Version)
            ? null
            : RecordOutcome.Refused<RecordView>(RecordStatus.PreconditionFailed, "Record changed",
                $"The record is at version {record.Version} (ETag \"{record.Version}\"), not the one in If-Match: read it again and reapply your change.");

    /// <summary>Whole milliseconds, which every provider stores exactly, so a write answers the times a read will.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static void Touch(StoredRecord record, RecordChanges changes)
    {
        record.ModifiedAt = changes.At;
        record.ModifiedBy = changes.Actor.Name;
        record.Version++;
    }

    /// <summary>
    /// Saves one write, and what the observers add to it, in one transaction. A concurrent write of the same record
    /// fails the version check: with If-Match that is a stale precondition, without it a conflict to retry. A concurrent
    /// write of the same unique value fails on the unique table's key and is answered like the first check would have.
    /// The replaced index and unique rows are removed and the new rows inserted by plain statements before the record's
    /// UPDATE; inside a caller's transaction one savepoint covers them all (its own, or the caller's covering one), so a
    /// refused write leaves nothing behind.
    /// </summary>
    private async Task<RecordOutcome<RecordView>> SaveAsync(
        RecordWrite write, EntityPermission permission, StoredRecord record, IReadOnlyDictionary<Guid, JsonNode?>? values, IReadOnlyCollection<int>? ifMatch,
        CancellationToken cancellationToken)
    {
        var joined = db.Database.CurrentTransaction;
        var covering = joined is null ? null : db.CoveringSavepoint;
        db.CoveringSavepoint = null;
        var savepoint = covering ?? WriteSavepoint;

        // The write's own savepoint (or its own transaction) covers both saves: EF Core's automatic savepoints around
        // each would be two more statements apiece.
        var automatic = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using (var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken))
            {
                if (joined is not null && covering is null)
                {
                    await joined.CreateSavepointAsync(WriteSavepoint, cancellationToken);
                }

                await RemoveReplacedAsync(cancellationToken);
                await AddedRows.InsertAsync(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await NotifyAsync(write, cancellationToken);
                if (joined is not null && covering is null)
                {
                    await joined.ReleaseSavepointAsync(WriteSavepoint, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return RecordOutcome.Success<RecordView>(permission.View(record));
        }
        catch (DbUpdateConcurrencyException)
        {
            await UndoAsync(joined, savepoint, cancellationToken);
            return ifMatch is null
                ? RecordOutcome.Refused<RecordView>(RecordStatus.Conflict, "Record changed", "Someone else changed the record at the same time: read it again and retry.")
                : RecordOutcome.Refused<RecordView>(RecordStatus.PreconditionFailed, "Record changed", "Someone else changed the record at the same time: read it again and reapply your change.");
        }
        catch (DbUpdateException) when (values is not null)
        {
            await UndoAsync(joined, savepoint, cancellationToken);
            db.ChangeTracker.Clear();
            if (await UniqueConflictsAsync(write.Entity, values, record.Id, cancellationToken) is not { } conflicts)
            {
                throw;
            }

            return conflicts;
        }
        finally
        {
            replaced.Clear();
            db.Database.AutoSavepointsEnabled = automatic;
        }
    }

    /// <summary>A refused write inside a caller's transaction: back to before it, so the caller's transaction goes on without its rows.</summary>
    private static async Task UndoAsync(IDbContextTransaction? joined, string savepoint, CancellationToken cancellationToken)
    {
        if (joined is not null)
        {
            await joined.RollbackToSavepointAsync(savepoint, cancellationToken);
        }
    }

    /// <summary>Runs the observers inside the open transaction, after the record's rows are saved, and saves what they add.</summary>
    private async Task NotifyAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.OnWrittenAsync(write, cancellationToken);
        }

        await AddedRows.InsertAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<RecordOutcome<RecordView>?> UniqueConflictsAsync(
        EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> values, Guid? recordId, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        await references.CheckUniqueAsync(entity, new Dictionary<Guid, JsonNode?>(values), recordId, problems, cancellationToken);
        return problems.Any ? RecordOutcome.Invalid<RecordView>(problems.ToDictionary()) : null;
    }

    private static RecordOutcome<T> EntityNotFound<T>(string entity) =>
        RecordOutcome.Refused<T>(RecordStatus.NotFound, "Entity not found", $"There is no entity '{entity}'.");

    private static RecordOutcome<T> RecordNotFound<T>(EntityDefinition entity, Guid id) =>
        RecordOutcome.Refused<T>(RecordStatus.NotFound, "Record not found", $"There is no {entity.ApiName} record {id}.");
}
