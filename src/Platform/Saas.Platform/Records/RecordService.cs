using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using UUIDNext;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

internal sealed partial class RecordService(
    TenantDbContext db, IMetadataService metadata, RecordValidator validator, RecordReferences references, AutoNumbers autoNumbers,
    RecordFormulas formulas, CallerAccess access, IEnumerable<IRecordWriteObserver> observers, TimeProvider clock) : IRecordService
{
    /// <summary>Tries of a create whose transaction lost a race it can win on a retry (the first number of a new counter).</summary>
    private const int CreateAttempts = 3;

    /// <summary>Records and fields whose old index and unique rows the next save removes (single updates).</summary>
    private readonly List<(Guid RecordId, List<Guid> Indexed, List<Guid> Unique)> replaced = [];

    public async Task<RecordOutcome<RecordView>> CreateAsync(string entityName, JsonObject values, RecordActor actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return EntityNotFound<RecordView>(entityName);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (!permission.Create)
        {
            return Forbidden<RecordView>($"You may not create {entity.ApiName} records.");
        }

        if (Unwritable(permission, values) is { } unwritable)
        {
            return RecordOutcome.Invalid<RecordView>(unwritable);
        }

        // One moment per write: now() in defaults and formulas is the record's createdAt.
        var now = Now();
        var problems = new Problems();
        var draft = await validator.ValidateAsync(snapshot, entity, values, recordId: null, current: null, actor, new ExpressionContext(now), problems, cancellationToken);
        if (draft is null)
        {
            return RecordOutcome.Invalid<RecordView>(problems.ToDictionary());
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await InsertAsync(snapshot, entity, draft, actor, now, cancellationToken);
                return RecordOutcome.Success<RecordView>(permission.View(created), RecordStatus.Created);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                AddedRows.Forget(db);
                if (await UniqueConflictsAsync(entity, draft.Values, recordId: null, cancellationToken) is { } conflicts)
                {
                    return conflicts;
                }

                if (attempt == CreateAttempts)
                {
                    throw;
                }
            }
        }
    }

    public async Task<RecordOutcome<RecordView>> GetAsync(string entityName, Guid id, CancellationToken cancellationToken)
    {
        var (found, refused) = await FindAsync(await metadata.GetSnapshotAsync(cancellationToken), entityName, id, deleted: false, RecordAction.Read, cancellationToken);
        return refused ?? RecordOutcome.Success<RecordView>(found!.Permission.View(found.Record));
    }

    public async Task<RecordOutcome<RecordView>> UpdateAsync(
        string entityName, Guid id, JsonObject values, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken)
    {
        var staged = await StageUpdateAsync(await metadata.GetSnapshotAsync(cancellationToken), entityName, id, values, ifMatch, actor, Now(), removeOnSave: true, cancellationToken);
        if (staged.Refused is { } refused)
        {
            return refused;
        }

        return staged.Write is { } write
            ? await SaveAsync(write, staged.Permission!, staged.Record!, write.After, ifMatch, cancellationToken)
            : RecordOutcome.Success<RecordView>(staged.Permission!.View(staged.Record!));
    }

    /// <summary>
    /// Checks an update and adds its rows to the context without saving them: the write to save, or none when nothing
    /// changes, or why it was refused. Single updates save it at once; a batch saves many together. With
    /// <paramref name="removeOnSave"/> the changed fields' old index and unique rows are not read: the save removes them
    /// with one DELETE per table (<see cref="RemoveReplacedAsync"/>).
    /// </summary>
    private async Task<StagedUpdate> StageUpdateAsync(
        MetadataSnapshot snapshot, string entityName, Guid id, JsonObject values, IReadOnlyCollection<int>? ifMatch, RecordActor actor, DateTimeOffset now,
        bool removeOnSave, CancellationToken cancellationToken)
    {
        var (found, refused) = await FindAsync(snapshot, entityName, id, deleted: false, RecordAction.Update, cancellationToken);
        if ((refused ?? Stale(found!.Record, ifMatch)) is { } notUpdated)
        {
            return new StagedUpdate(notUpdated, null, null, null);
        }

        if (Unwritable(found!.Permission, values) is { } unwritable)
        {
            return new StagedUpdate(RecordOutcome.Invalid<RecordView>(unwritable), null, null, null);
        }

        var (entity, record, permission) = (found.Entity, found.Record, found.Permission);

        var current = RecordData.Read(record.Data);
        var problems = new Problems();
        var draft = await validator.ValidateAsync(snapshot, entity, values, id, current, actor, new ExpressionContext(now), problems, cancellationToken);
        if (draft is null)
        {
            return new StagedUpdate(RecordOutcome.Invalid<RecordView>(problems.ToDictionary()), null, null, null);
        }

        var changed = entity.Fields.Where(f => draft.Values.TryGetValue(f.Id, out var value) && !JsonNode.DeepEquals(value, current.GetValueOrDefault(f.Id))).ToList();
        var ownerChanged = draft.SetsOwner && draft.OwnerId != record.OwnerId;
        if (changed.Count == 0 && !ownerChanged)
        {
            return new StagedUpdate(null, null, permission, record);
        }

        var changes = new RecordChanges(record, record.Version + 1, actor, now);
        var updated = new Dictionary<Guid, JsonNode?>(current);
        foreach (var field in changed)
        {
            updated[field.Id] = draft.Values[field.Id];
        }

        changed.AddRange(formulas.Compute(entity, updated, new ExpressionContext(now)));
        foreach (var field in changed)
        {
            changes.Add(field.ApiName, current.GetValueOrDefault(field.Id), updated.GetValueOrDefault(field.Id));
        }

        if (ownerChanged)
        {
            changes.Add(RecordValidator.OwnerField, OwnerJson(record.OwnerId), OwnerJson(draft.OwnerId));
            record.OwnerId = draft.OwnerId;
        }

        if (removeOnSave)
        {
            replaced.Add((record.Id, [.. changed.Where(f => f.Indexed).Select(f => f.Id)], [.. changed.Where(f => f.Unique).Select(f => f.Id)]));
            AddIndexRows(record, changed, updated);
        }
        else
        {
            await ReindexAsync(record, changed, updated, cancellationToken);
        }

        record.Data = RecordData.Write(updated);
        record.Name = RecordData.NameOf(entity, updated);
        Touch(record, changes);
        db.RecordHistory.AddRange(changes.Rows);
        var write = new RecordWrite(snapshot, RecordWriteKind.Updated, entity, record.Id, record.OwnerId, current, updated, changes.Fields, actor, now);
        return new StagedUpdate(null, write, permission, record);
    }

    private async Task<StoredRecord> InsertAsync(MetadataSnapshot snapshot, EntityDefinition entity, RecordDraft draft, RecordActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
        var (record, write) = await StageCreateAsync(snapshot, entity, draft, actor, now, cancellationToken);

        // The new rows go in by plain INSERTs: EF Core's update pipeline cost several times what the database did.
        await AddedRows.InsertAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(write, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Adds a new record's rows to the context without saving them. Call it inside a transaction: the auto-number
    /// counters it bumps first are held until that transaction ends.
    /// </summary>
    private async Task<(StoredRecord Record, RecordWrite Write)> StageCreateAsync(
        MetadataSnapshot snapshot, EntityDefinition entity, RecordDraft draft, RecordActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var values = new Dictionary<Guid, JsonNode?>(draft.Values);

        // The counters first: on SQLite the transaction then holds the write lock from its first statement on.
        foreach (var field in entity.Fields.Where(f => f.Type == AutoNumber))
        {
            values[field.Id] = await autoNumbers.NextAsync(field, cancellationToken);
        }

        // After the auto-numbers, which formulas may read.
        formulas.Compute(entity, values, new ExpressionContext(now));
        var record = new StoredRecord
        {
            Id = Uuid.NewSequential(),
            EntityId = entity.Id,
            Name = RecordData.NameOf(entity, values),
            OwnerId = draft.OwnerId,
            CreatedAt = now,
            CreatedBy = actor.Name,
            ModifiedAt = now,
            ModifiedBy = actor.Name,
            Version = 1,
            Data = RecordData.Write(values),
        };
        AddedRows.Stage(db, record);

        var changes = new RecordChanges(record, record.Version, actor, now, creation: true);
        if (record.OwnerId is not null)
        {
            changes.Add(RecordValidator.OwnerField, null, OwnerJson(record.OwnerId));
        }

        foreach (var field in entity.Fields.Where(f => values.GetValueOrDefault(f.Id) is not null))
        {
            changes.Add(field.ApiName, null, values[field.Id]);
            AddedRows.Stage(db, RecordIndex.Index(record, field, values[field.Id]));
            if (field.Unique && values[field.Id] is { } value)
            {
                AddedRows.Stage(db, new RecordUnique { FieldId = field.Id, NormalizedValue = RecordIndex.UniqueKey(field, value), RecordId = record.Id });
            }
        }

        AddedRows.Stage(db, changes.Rows);
        return (record, new RecordWrite(snapshot, RecordWriteKind.Created, entity, record.Id, record.OwnerId, null, values, changes.Fields, actor, now));
    }

    /// <summary>Index and unique rows of the changed fields are replaced; those of other fields stay as they are.</summary>
    private async Task ReindexAsync(StoredRecord record, IReadOnlyList<FieldDefinition> changed, IReadOnlyDictionary<Guid, JsonNode?> values, CancellationToken cancellationToken)
    {
        var fieldIds = changed.Select(f => f.Id).ToList();
        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == record.Id && fieldIds.Contains(v.FieldId)).ToListAsync(cancellationToken));
        db.RecordUniques.RemoveRange(await db.RecordUniques.Where(u => u.RecordId == record.Id && fieldIds.Contains(u.FieldId)).ToListAsync(cancellationToken));
        AddIndexRows(record, changed, values);
    }

    private void AddIndexRows(StoredRecord record, IReadOnlyList<FieldDefinition> changed, IReadOnlyDictionary<Guid, JsonNode?> values)
    {
        foreach (var field in changed)
        {
            db.RecordValues.AddRange(RecordIndex.Index(record, field, values.GetValueOrDefault(field.Id)));
            AddUnique(record, field, values.GetValueOrDefault(field.Id));
        }
    }

    /// <summary>
    /// Removes the index and unique rows of the fields staged updates replace, by record and field, without reading them;
    /// inside the save's transaction, before the new rows go in. Only indexed fields have index rows and only unique
    /// fields unique rows (a change of either flag rebuilds the field's rows), so other fields cost no statement.
    /// </summary>
    private async Task RemoveReplacedAsync(CancellationToken cancellationToken)
    {
        foreach (var (recordId, indexed, unique) in replaced)
        {
            if (indexed.Count > 0)
            {
                await db.RecordValues.Where(v => v.RecordId == recordId && indexed.Contains(v.FieldId)).ExecuteDeleteAsync(cancellationToken);
            }

            if (unique.Count > 0)
            {
                await db.RecordUniques.Where(u => u.RecordId == recordId && unique.Contains(u.FieldId)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        replaced.Clear();
    }

    private void AddUnique(StoredRecord record, FieldDefinition field, JsonNode? value)
    {
        if (field.Unique && value is not null)
        {
            db.RecordUniques.Add(new RecordUnique { FieldId = field.Id, NormalizedValue = RecordIndex.UniqueKey(field, value), RecordId = record.Id });
        }
    }

    private static JsonValue? OwnerJson(Guid? owner) => owner is { } id ? JsonValue.Create(id.ToString("D")) : null;
}
