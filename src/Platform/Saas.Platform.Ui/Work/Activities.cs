using Saas.Platform.Metadata;

namespace Saas.Platform.Ui.Work;

/// <summary>
/// The activity and note entities of the core pack, found by their shape rather than assumed: the activity entity has
/// a <c>subject</c>, an indexed <c>activityType</c> picklist and an indexed <c>status</c> picklist; the note entity a
/// <c>title</c>. Logging a call or a note on a record needs a lookup from them to the record's entity.
/// </summary>
public static class Activities
{
    public const string ActivityEntity = "activity";
    public const string NoteEntity = "note";
    public const string Subject = "subject";
    public const string Description = "description";
    public const string Type = "activityType";
    public const string Status = "status";
    public const string DueAt = "dueAt";
    public const string NoteTitle = "title";
    public const string NoteBody = "body";
    public const string Call = "call";
    public const string Task = "task";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    /// <summary>The activity entity when it has the shape the pages need; else null.</summary>
    public static EntityDefinition? Activity(MetadataSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.FindEntity(ActivityEntity) is { } activity
            && activity.FindField(Subject) is not null
            && activity.FindField(Type) is { Type: FieldType.Picklist } type && FieldFormat.IsQueryable(type)
            && activity.FindField(Status) is { Type: FieldType.Picklist } status && FieldFormat.IsQueryable(status)
                ? activity
                : null;
    }

    public static EntityDefinition? Note(MetadataSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.FindEntity(NoteEntity) is { } note && note.FindField(NoteTitle) is not null ? note : null;
    }

    /// <summary>The lookup of <paramref name="source"/> that points to <paramref name="target"/>, if any.</summary>
    public static FieldDefinition? LookupTo(EntityDefinition? source, string target) =>
        source?.Fields.FirstOrDefault(f => f.Type == FieldType.Lookup && f.Settings is LookupSettings lookup && lookup.TargetEntity == target);
}
