using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;

namespace Saas.Platform.Records;

internal sealed partial class RecordService
{
    public async Task<RecordOutcome<RecordView>> DeleteAsync(string entityName, Guid id, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var (found, refused) = await FindAsync(snapshot, entityName, id, deleted: false, RecordAction.Delete, cancellationToken);
        if ((refused ?? Stale(found!.Record, ifMatch)) is { } notDeleted)
        {
            return notDeleted;
        }

        var record = found!.Record;
        var changes = new RecordChanges(record, record.Version + 1, actor, Now());
        changes.Add(DeletedAtField, null, JsonValue.Create(changes.At));
        record.DeletedAt = changes.At;
        record.DeletedBy = actor.Name;
        Touch(record, changes);
        db.RecordHistory.AddRange(changes.Rows);

        // Index rows exist only for live records; unique values stay reserved until the record is purged.
        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == id).ToListAsync(cancellationToken));
        var write = new RecordWrite(snapshot, RecordWriteKind.Deleted, found.Entity, id, record.OwnerId, RecordData.Read(record.Data), null, changes.Fields, actor, changes.At);
        return await SaveAsync(write, found.Permission, record, values: null, ifMatch, cancellationToken);
    }

    /// <summary>Restoring undoes a delete, so it needs the delete permission on the record.</summary>
    public async Task<RecordOutcome<RecordView>> RestoreAsync(string entityName, Guid id, RecordActor actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var (found, refused) = await FindAsync(snapshot, entityName, id, deleted: true, RecordAction.Delete, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (entity, record) = (found!.Entity, found.Record);
        var changes = new RecordChanges(record, record.Version + 1, actor, Now());
        changes.Add(DeletedAtField, JsonValue.Create(record.DeletedAt!.Value), null);
        record.DeletedAt = null;
        record.DeletedBy = null;
        Touch(record, changes);
        db.RecordHistory.AddRange(changes.Rows);
        var values = RecordData.Read(record.Data);
        foreach (var field in entity.Fields)
        {
            db.RecordValues.AddRange(RecordIndex.Index(record, field, values.GetValueOrDefault(field.Id)));
        }

        var write = new RecordWrite(snapshot, RecordWriteKind.Restored, entity, id, record.OwnerId, null, values, changes.Fields, actor, changes.At);
        return await SaveAsync(write, found.Permission, record, values: null, ifMatch: null, cancellationToken);
    }

    public async Task<RecordOutcome<RecordView>> PurgeAsync(string entityName, Guid id, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var (found, refused) = await FindAsync(snapshot, entityName, id, deleted: null, RecordAction.Delete, cancellationToken);
        if ((refused ?? Stale(found!.Record, ifMatch)) is { } notPurged)
        {
            return notPurged;
        }

        var (entity, record) = (found!.Entity, found.Record);
        if (record.DeletedAt is null)
        {
            return RecordOutcome.Refused<RecordView>(RecordStatus.Conflict, "Record not deleted",
                $"Delete the {entity.ApiName} record {id} before purging it; purge removes only records in the recycle bin.");
        }

        db.Records.Remove(record);
        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == id).ToListAsync(cancellationToken));
        db.RecordUniques.RemoveRange(await db.RecordUniques.Where(u => u.RecordId == id).ToListAsync(cancellationToken));
        var write = new RecordWrite(snapshot, RecordWriteKind.Purged, entity, id, record.OwnerId, RecordData.Read(record.Data), null, [], actor, Now());
        return await SaveAsync(write, found.Permission, record, values: null, ifMatch, cancellationToken);
    }

    public async Task<RecordOutcome<IReadOnlyList<RecordView>>> RecycleBinAsync(string entityName, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return EntityNotFound<IReadOnlyList<RecordView>>(entityName);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return Forbidden<IReadOnlyList<RecordView>>($"You may not read {entity.ApiName} records.");
        }

        var records = db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt != null);
        if (await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken) is { } readable)
        {
            records = records.Where(readable);
        }

        var deleted = await records.OrderByDescending(r => r.DeletedAt).ToListAsync(cancellationToken);
        return RecordOutcome.Success<IReadOnlyList<RecordView>>([.. deleted.Select(permission.View)]);
    }

    /// <summary>
    /// Changes of fields the caller may not read are left out. A purged record has no owner left to check, so its
    /// history is for callers who read every record of the entity.
    /// </summary>
    public async Task<RecordOutcome<IReadOnlyList<RecordHistoryItem>>> HistoryAsync(string entityName, Guid id, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return EntityNotFound<IReadOnlyList<RecordHistoryItem>>(entityName);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return Forbidden<IReadOnlyList<RecordHistoryItem>>($"You may not read {entity.ApiName} records.");
        }

        if (await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken) is { } readable
            && !await db.Records.Where(r => r.Id == id && r.EntityId == entity.Id).Where(readable).AnyAsync(cancellationToken))
        {
            return RecordNotFound<IReadOnlyList<RecordHistoryItem>>(entity, id);
        }

        var rows = await db.RecordHistory.AsNoTracking()
            .Where(c => c.RecordId == id && c.EntityId == entity.Id)
            .OrderByDescending(c => c.Version).ThenBy(c => c.Field)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return RecordNotFound<IReadOnlyList<RecordHistoryItem>>(entity, id);
        }

        var hidden = entity.Fields.Where(f => permission.AccessTo(f.ApiName) == FieldAccess.None).Select(f => f.ApiName).ToHashSet(StringComparer.Ordinal);
        return RecordOutcome.Success<IReadOnlyList<RecordHistoryItem>>(
            [.. from c in rows
                from change in RecordChanges.Expand(c)
                where !hidden.Contains(change.Field)
                select new RecordHistoryItem(c.ChangeId, c.Version, change.Field, change.OldValue, change.NewValue, c.ChangedAt, c.ChangedBy)]);
    }
}
