using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using UUIDNext;

namespace Saas.Platform.Notifications;

/// <summary>
/// Tells members when a record is assigned to them, on every write path, inside the write's transaction: a record
/// created with an owner, or updated to a new owner, and any owner-type field (a task's assignee) set or changed to a
/// member. Nobody is told of what they assigned to themselves, nor when the owner stays the same. It only adds rows to
/// the scoped context, which the record service saves with the record: no query, and nothing at all when nothing was
/// assigned.
/// </summary>
internal sealed class AssignmentNotifier(TenantDbContext db) : IRecordWriteObserver
{
    private const int ActorLength = 200;

    public Task OnWrittenAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        if (write.Kind is not (RecordWriteKind.Created or RecordWriteKind.Updated) || write.After is not { } after)
        {
            return Task.CompletedTask;
        }

        var recipients = new HashSet<Guid>();
        if (write.OwnerId is { } owner
            && (write.Kind == RecordWriteKind.Created || write.ChangedFields.Contains(RecordValidator.OwnerField, StringComparer.OrdinalIgnoreCase)))
        {
            recipients.Add(owner);
        }

        foreach (var field in write.Entity.Fields)
        {
            if (field.Type == FieldType.Owner
                && UserOf(after, field) is { } assignee
                && assignee != UserOf(write.Before, field))
            {
                recipients.Add(assignee);
            }
        }

        if (write.Actor.UserId is { } self)
        {
            recipients.Remove(self);
        }

        if (recipients.Count == 0)
        {
            return Task.CompletedTask;
        }

        var name = RecordData.NameOf(write.Entity, after);
        var actor = RecordData.Cut(write.Actor.Name, ActorLength);
        db.Set<Notification>().AddRange(recipients.Select(userId => new Notification
        {
            Id = Uuid.NewSequential(),
            UserId = userId,
            Kind = Notification.Assigned,
            Entity = write.Entity.ApiName,
            RecordId = write.RecordId,
            RecordName = name,
            Actor = actor,
            CreatedAt = write.At,
        }));
        return Task.CompletedTask;
    }

    private static Guid? UserOf(IReadOnlyDictionary<Guid, JsonNode?>? values, FieldDefinition field) =>
        values?.GetValueOrDefault(field.Id) is JsonValue value && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id) ? id : null;
}
