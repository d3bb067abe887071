using Saas.Platform.Metadata;
using Saas.Platform.Records;

namespace Saas.Platform.Ui.Work;

/// <summary>
/// The activity and note entities of the core pack, found by their shape rather than assumed: the activity entity has
/// a <c>subject</c>, an indexed <c>activityType</c> picklist and an indexed <c>status</c> picklist; the note entity a
/// <c>title</c>. Logging a call or a note on a record needs a lookup from them to the record's entity.
/// </summary>
internal static class Activities
{
    /// <summary>The activity entity when it has the shape the pages need; else null.</summary>
    public static EntityDefinition? Activity(MetadataSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.FindEntity(CoreActivities.Entity) is { } activity
            && activity.FindField(CoreActivities.Subject) is not null
            && activity.FindField(CoreActivities.Type) is { Type: FieldType.Picklist } type && FieldFormat.IsQueryable(type)
            && activity.FindField(CoreActivities.Status) is { Type: FieldType.Picklist } status && FieldFormat.IsQueryable(status)
                ? activity
                : null;
    }

    public static EntityDefinition? Note(MetadataSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.FindEntity(CoreActivities.NoteEntity) is { } note && note.FindField(CoreActivities.NoteTitle) is not null ? note : null;
    }
}
