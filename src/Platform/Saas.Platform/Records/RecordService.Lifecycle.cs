using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Saas.Platform.Records;

internal sealed partial class RecordService
{
    public async Task<RecordOutcome<RecordView>> DeleteAsync(string entityName, Guid id, IReadOnlyCollection<int>? ifMatch, RecordActor actor, CancellationToken cancellationToken)
    {
        var (entity, record, notFound) = await FindAsync(entityName, id, deleted: false, cancellationToken);
        if ((notFound ?? Stale(record!, ifMatch)) is { } refused)
        {
            return refused;
        }

        var changes = new RecordChanges(record!, record!.Version + 1, actor, Now());
        changes.Add(DeletedAtField, null, JsonValue.Create(changes.At));
        record!.DeletedAt = changes.At;
        record.DeletedBy = actor.Name;
        Touch(record, changes);
        db.RecordHistory.AddRange(changes.Rows);

        // Index rows exist only for live records; unique values stay reserved until the record is purged.
        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == id).ToListAsync(cancellationToken));
        return await SaveAsync(entity!, record, values: null, ifMatch, cancellationToken);
    }

    public async Task<RecordOutcome<RecordView>> RestoreAsync(string entityName, Guid id, RecordActor actor, CancellationToken cancellationToken)
    {
        var (entity, record, notFound) = await FindAsync(entityName, id, deleted: true, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var changes = new RecordChanges(record!, record!.Version + 1, actor, Now());
        changes.Add(DeletedAtField, JsonValue.Create(record!.DeletedAt!.Value), null);
        record.DeletedAt = null;
        record.DeletedBy = null;
        Touch(record, changes);
        db.RecordHistory.AddRange(changes.Rows);
        var values = RecordData.Read(record.Data);
        foreach (var field in entity!.Fields)
        {
            db.RecordValues.AddRange(RecordIndex.Rows(record, field, values.GetValueOrDefault(field.Id)));
        }

        return await SaveAsync(entity, record, values: null, ifMatch: null, cancellationToken);
    }

    public async Task<RecordOutcome<RecordView>> PurgeAsync(string entityName, Guid id, IReadOnlyCollection<int>? ifMatch, CancellationToken cancellationToken)
    {
        var (entity, record, notFound) = await FindAsync(entityName, id, deleted: null, cancellationToken);
        if ((notFound ?? Stale(record!, ifMatch)) is { } refused)
        {
            return refused;
        }

        if (record!.DeletedAt is null)
        {
            return RecordOutcome.Refused<RecordView>(RecordStatus.Conflict, "Record not deleted",
                $"Delete the {entity!.ApiName} record {id} before purging it; purge removes only records in the recycle bin.");
        }

        db.Records.Remove(record);
        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == id).ToListAsync(cancellationToken));
        db.RecordUniques.RemoveRange(await db.RecordUniques.Where(u => u.RecordId == id).ToListAsync(cancellationToken));
        return await SaveAsync(entity!, record, values: null, ifMatch, cancellationToken);
    }

    public async Task<RecordOutcome<IReadOnlyList<RecordView>>> RecycleBinAsync(string entityName, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return EntityNotFound<IReadOnlyList<RecordView>>(entityName);
        }

        var deleted = await db.Records.AsNoTracking()
            .Where(r => r.EntityId == entity.Id && r.DeletedAt != null)
            .OrderByDescending(r => r.DeletedAt)
            .ToListAsync(cancellationToken);
        return RecordOutcome.Success<IReadOnlyList<RecordView>>([.. deleted.Select(r => RecordData.View(entity, r))]);
    }

    public async Task<RecordOutcome<IReadOnlyList<RecordHistoryItem>>> HistoryAsync(string entityName, Guid id, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return EntityNotFound<IReadOnlyList<RecordHistoryItem>>(entityName);
        }

        var rows = await db.RecordHistory.AsNoTracking()
            .Where(c => c.RecordId == id && c.EntityId == entity.Id)
            .OrderByDescending(c => c.Version).ThenBy(c => c.Field)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return RecordNotFound<IReadOnlyList<RecordHistoryItem>>(entity, id);
        }

        return RecordOutcome.Success<IReadOnlyList<RecordHistoryItem>>(
            [.. rows.Select(c => new RecordHistoryItem(c.ChangeId, c.Version, c.Field, Parse(c.OldValue), Parse(c.NewValue), c.ChangedAt, c.ChangedBy))]);
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
