using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

/// <summary>
/// The names of the core pack's activity and note entities that the platform fills in itself (a workflow's
/// <c>createTask</c>, the staff app's "Log a call" and "My tasks"), and how a new activity finds its link to a record.
/// </summary>
internal static class CoreActivities
{
    public const string Entity = "activity";
    public const string Subject = "subject";
    public const string Description = "description";
    public const string Type = "activityType";
    public const string Status = "status";
    public const string DueAt = "dueAt";
    public const string Task = "task";
    public const string Call = "call";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
    public const string NoteEntity = "note";
    public const string NoteTitle = "title";
    public const string NoteBody = "body";

    /// <summary>The first lookup of <paramref name="source"/> to the entity <paramref name="target"/>, if any.</summary>
    public static FieldDefinition? LookupTo(EntityDefinition? source, string target) =>
        source?.Fields.FirstOrDefault(f => f.Type == FieldType.Lookup && f.Settings is LookupSettings lookup
            && string.Equals(lookup.TargetEntity, target, StringComparison.OrdinalIgnoreCase));
}
