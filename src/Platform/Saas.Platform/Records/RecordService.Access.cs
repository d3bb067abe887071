using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

internal sealed partial class RecordService
{
    private enum RecordAction
    {
        Read,
        Update,
        Delete,
    }

    /// <summary>A record the caller reached, with the entity and the caller's permission on it.</summary>
    private sealed record Found(EntityDefinition Entity, EntityPermission Permission, StoredRecord Record);

    /// <summary>The record <see cref="ReadAsync"/> read last, with the transaction it was read in.</summary>
    private (object Transaction, StoredRecord Record)? readInTransaction;

    /// <summary>
    /// A record of the entity: live (<paramref name="deleted"/> false), in the recycle bin (true) or either (null).
    /// Without the action's permission the answer is 403; a record outside the caller's read scope does not exist
    /// for them (404); one they can read but not change in their scope is a 403 that says so.
    /// </summary>
    private async Task<(Found? Found, RecordOutcome<RecordView>? Refused)> FindAsync(
        MetadataSnapshot snapshot, string entityName, Guid id, bool? deleted, RecordAction action, CancellationToken cancellationToken)
    {
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return (null, EntityNotFound<RecordView>(entityName));
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        var scope = action switch { RecordAction.Update => permission.Update, RecordAction.Delete => permission.Delete, _ => permission.Read };
        if (scope == RecordScope.None)
        {
            return (null, Forbidden<RecordView>($"You may not {Verb(action)} {entity.ApiName} records."));
        }

        var record = await ReadAsync(entity, id, permission, cancellationToken);
        if (record is null || (deleted is { } wanted && wanted != (record.DeletedAt is not null)))
        {
            return (null, deleted == true
                ? RecordOutcome.Refused<RecordView>(RecordStatus.NotFound, "Record not found", $"The recycle bin of '{entity.ApiName}' holds no record {id}.")
                : RecordNotFound<RecordView>(entity, id));
        }

        var effective = access.Effective(scope, reading: action == RecordAction.Read);
        if (!await access.ReachesAsync(effective, record.OwnerId, cancellationToken))
        {
            return (null, Forbidden<RecordView>(
                $"You may {Verb(action)} only {AccessWords.Of(effective)} {entity.ApiName} records{(access.Caller?.IsKey == true ? " (an API key owns none)" : string.Empty)}, and record {id} is not one of them."));
        }

        return (new Found(entity, permission, record), null);
    }

    /// <summary>
    /// The record, within the caller's read scope. A record this service read in the same open transaction and that is
    /// still tracked unchanged is not read again, when the caller's read reaches every record (a workflow step reads
    /// the record for its context, then updates it): the transaction's own read is as current as a second one, and a
    /// write that raced it fails on the record's version as it would have.
    /// </summary>
    private async Task<StoredRecord?> ReadAsync(EntityDefinition entity, Guid id, EntityPermission permission, CancellationToken cancellationToken)
    {
        var readable = await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken);
        var transaction = db.Database.CurrentTransaction;
        if (readable is null && transaction is not null && readInTransaction is { } kept && ReferenceEquals(kept.Transaction, transaction)
            && kept.Record.Id == id && kept.Record.EntityId == entity.Id && db.Entry(kept.Record).State == EntityState.Unchanged)
        {
            return kept.Record;
        }

        var records = db.Records.Where(r => r.Id == id && r.EntityId == entity.Id);
        if (readable is not null)
        {
            records = records.Where(readable);
        }

        var record = await records.SingleOrDefaultAsync(cancellationToken);
        readInTransaction = transaction is not null && record is not null ? (transaction, record) : null;
        return record;
    }

    /// <summary>Writing a field the caller may only read is refused; one they may not read is refused as if it did not exist.</summary>
    private static Dictionary<string, string[]>? Unwritable(EntityPermission permission, JsonObject values)
    {
        var problems = new Problems();
        foreach (var (name, _) in values)
        {
            if (permission.Entity.FindField(name) is not { } field)
            {
                continue;
            }

            switch (permission.AccessTo(field.ApiName))
            {
                case FieldAccess.None:
                    problems.Add(name, $"The entity '{permission.Entity.ApiName}' has no field '{name}'.");
                    break;
                case FieldAccess.Read:
                    problems.Add(name, $"You may read the field '{field.ApiName}' but not change it.");
                    break;
            }
        }

        return problems.Any ? problems.ToDictionary() : null;
    }

    private static RecordOutcome<T> Forbidden<T>(string detail) => RecordOutcome.Refused<T>(RecordStatus.Forbidden, "Forbidden", detail);

    private static string Verb(RecordAction action) => action switch
    {
        RecordAction.Update => "update",
        RecordAction.Delete => "delete",
        _ => "read",
    };
}
