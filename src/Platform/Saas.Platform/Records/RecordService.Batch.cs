using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// Writes many rows of one entity together, for imports: each row is checked as a single create or update would be
/// (permissions, validation, the same messages), and the rows that pass are saved in one transaction with their index,
/// unique and history rows, every write observer seeing each record.
/// </summary>
internal interface IRecordBatches
{
    /// <summary>
    /// One outcome per row, in order: <see cref="RecordStatus.Created"/> or <see cref="RecordStatus.Ok"/> (updated, or
    /// already holding those values) with the record id, or why the row was refused. With <paramref name="upsertBy"/>
    /// (a unique field) a row updates the record that holds its value of that field and creates one otherwise.
    /// <paramref name="beforeCommit"/> runs inside the transaction once the rows are saved; what it adds to the
    /// context commits with them.
    /// </summary>
    Task<IReadOnlyList<RecordOutcome<Guid>>> WriteAsync(
        string entity, IReadOnlyList<JsonObject> rows, string? upsertBy, RecordActor actor,
        Func<IReadOnlyList<RecordOutcome<Guid>>, CancellationToken, Task> beforeCommit, CancellationToken cancellationToken);
}

/// <summary>An update checked and added to the context, not saved: its write (none when nothing changes), or why it was refused.</summary>
internal sealed record StagedUpdate(RecordOutcome<RecordView>? Refused, RecordWrite? Write, EntityPermission? Permission, StoredRecord? Record);

internal sealed partial class RecordService : IRecordBatches
{
    private const string BatchSavepoint = "record_batch";

    public async Task<IReadOnlyList<RecordOutcome<Guid>>> WriteAsync(
        string entityName, IReadOnlyList<JsonObject> rows, string? upsertBy, RecordActor actor,
        Func<IReadOnlyList<RecordOutcome<Guid>>, CancellationToken, Task> beforeCommit, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return [.. rows.Select(_ => EntityNotFound<Guid>(entityName))];
        }

        var matchField = upsertBy is null ? null : entity.FindField(upsertBy);
        if (upsertBy is not null && matchField is not { Unique: true })
        {
            var refused = RecordOutcome.Invalid<Guid>(new Dictionary<string, string[]> { [upsertBy] = [$"{upsertBy} is not a unique field of {entity.ApiName}: only a unique field can match records."] });
            return [.. rows.Select(_ => refused)];
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        var matches = matchField is null ? [] : await MatchAsync(matchField, rows, cancellationToken);
        var now = Now();
        var results = new RecordOutcome<Guid>[rows.Count];
        var creates = new List<(int Row, RecordDraft Draft)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (matches.ContainsKey(i))
            {
                continue;
            }

            var (draft, refused) = await CheckCreateAsync(snapshot, entity, permission, matchField, rows[i], actor, now, cancellationToken);
            if (refused is not null)
            {
                results[i] = refused;
            }
            else
            {
                creates.Add((i, draft!));
            }
        }

        if (RepeatsUnique(entity, creates))
        {
            // Two new rows claim one unique value: written one by one, the second fails as a single create would.
            return await OneByOneAsync(entity, matchField, rows, results, actor, beforeCommit, cancellationToken);
        }

        // Inside a caller's transaction (an import's dry run, rolled back at its end) a collision undoes this batch only.
        var joined = db.Database.CurrentTransaction;
        if (joined is not null)
        {
            await joined.CreateSavepointAsync(BatchSavepoint, cancellationToken);
        }

        try
        {
            await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
            var writes = new List<RecordWrite>();

            // Creates first: on SQLite their auto-number counters then take the write lock with the transaction's first statements.
            foreach (var (row, draft) in creates)
            {
                var (record, write) = await StageCreateAsync(snapshot, entity, draft, actor, now, cancellationToken);
                writes.Add(write);
                results[row] = RecordOutcome.Success(record.Id, RecordStatus.Created);
            }

            foreach (var (row, id) in matches)
            {
                var staged = await StageUpdateAsync(snapshot, entity.ApiName, id, rows[row], null, actor, now, removeOnSave: false, cancellationToken);
                results[row] = staged.Refused is { } refused ? Narrow(refused) : RecordOutcome.Success(id);
                if (staged.Write is { } write)
                {
                    writes.Add(write);
                }
            }

            await AddedRows.InsertAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var write in writes)
            {
                foreach (var observer in observers)
                {
                    await observer.OnWrittenAsync(write, cancellationToken);
                }
            }

            await AddedRows.InsertAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await beforeCommit(results, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return results;
        }
        catch (DbUpdateException)
        {
            // A row collided with another (a unique value twice in the batch, or a concurrent write): nothing of the
            // batch was kept, so each row goes again on its own, and only the colliding one fails, as it would alone.
            if (joined is not null)
            {
                await joined.RollbackToSavepointAsync(BatchSavepoint, cancellationToken);
            }

            db.ChangeTracker.Clear();
            AddedRows.Forget(db);
            return await OneByOneAsync(entity, matchField, rows, results, actor, beforeCommit, cancellationToken);
        }
    }

    private static bool RepeatsUnique(EntityDefinition entity, List<(int Row, RecordDraft Draft)> creates)
    {
        var seen = new HashSet<(Guid Field, string Key)>();
        foreach (var (_, draft) in creates)
        {
            foreach (var field in entity.Fields.Where(f => f.Unique && f.Type != FieldType.AutoNumber))
            {
                if (draft.Values.GetValueOrDefault(field.Id) is { } value && !seen.Add((field.Id, RecordIndex.UniqueKey(field, value))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task<(RecordDraft? Draft, RecordOutcome<Guid>? Refused)> CheckCreateAsync(
        MetadataSnapshot snapshot, EntityDefinition entity, EntityPermission permission, FieldDefinition? matchField, JsonObject values, RecordActor actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (matchField is not null && FieldValueParser.IsEmpty(ValueOf(values, matchField)))
        {
            return (null, RecordOutcome.Invalid<Guid>(new Dictionary<string, string[]> { [matchField.ApiName] = [$"{matchField.ApiName} is required to match records in an upsert."] }));
        }

        if (!permission.Create)
        {
            return (null, Forbidden<Guid>($"You may not create {entity.ApiName} records."));
        }

        if (Unwritable(permission, values) is { } unwritable)
        {
            return (null, RecordOutcome.Invalid<Guid>(unwritable));
        }

        var problems = new Problems();
        var draft = await validator.ValidateAsync(snapshot, entity, values, recordId: null, current: null, actor, new ExpressionContext(now), problems, cancellationToken);
        return draft is null ? (null, RecordOutcome.Invalid<Guid>(problems.ToDictionary())) : (draft, null);
    }

    /// <summary>Rows whose match value a record holds already, with that record's id; one query for the batch.</summary>
    private async Task<Dictionary<int, Guid>> MatchAsync(FieldDefinition field, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<int, string>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (MatchKey(field, rows[i]) is { } key)
            {
                keys[i] = key;
            }
        }

        var wanted = keys.Values.Distinct().ToList();
        var holders = await db.RecordUniques.AsNoTracking()
            .Where(u => u.FieldId == field.Id && wanted.Contains(u.NormalizedValue))
            .ToDictionaryAsync(u => u.NormalizedValue, u => u.RecordId, cancellationToken);
        return keys.Where(k => holders.ContainsKey(k.Value)).ToDictionary(k => k.Key, k => holders[k.Value]);
    }

    /// <summary>The unique key of a row's match value; null when it has none or it does not parse (validation then says why).</summary>
    private static string? MatchKey(FieldDefinition field, JsonObject row)
    {
        if (ValueOf(row, field) is not { } value || FieldValueParser.IsEmpty(value))
        {
            return null;
        }

        var parsed = FieldValueParser.Parse(field, value, out var error);
        return error is null && parsed is not null ? RecordIndex.UniqueKey(field, parsed) : null;
    }

    private static JsonNode? ValueOf(JsonObject row, FieldDefinition field) =>
        row.FirstOrDefault(p => string.Equals(p.Key, field.ApiName, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The fallback of a batch that collided: each row that passed its checks is written alone, as a single create or update.</summary>
    private async Task<IReadOnlyList<RecordOutcome<Guid>>> OneByOneAsync(
        EntityDefinition entity, FieldDefinition? matchField, IReadOnlyList<JsonObject> rows, RecordOutcome<Guid>[] results, RecordActor actor,
        Func<IReadOnlyList<RecordOutcome<Guid>>, CancellationToken, Task> beforeCommit, CancellationToken cancellationToken)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is { Status: not (RecordStatus.Created or RecordStatus.Ok) })
            {
                continue;
            }

            var match = matchField is null ? null : await MatchAsync(matchField, [rows[i]], cancellationToken);
            results[i] = match is not null && match.TryGetValue(0, out var id)
                ? Narrow(await UpdateAsync(entity.ApiName, id, rows[i], null, actor, cancellationToken))
                : Narrow(await CreateAsync(entity.ApiName, rows[i], actor, cancellationToken));
        }

        await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
        await beforeCommit(results, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private static RecordOutcome<Guid> Narrow(RecordOutcome<RecordView> outcome) =>
        outcome.Value is { } view ? RecordOutcome.Success(view.Id, outcome.Status) : new RecordOutcome<Guid>(outcome.Status, default, outcome.Errors, outcome.Title, outcome.Detail);
}
