using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saas.Platform.Workflows;

/// <summary>
/// A workflow as admins write it: a name, one trigger, variables and a tree of steps. Saved as JSON; a published
/// version keeps an immutable copy of it that every run started on that version follows.
/// </summary>
public sealed record WorkflowDocument(string? Name, string? Description, WorkflowTrigger? Trigger, IReadOnlyDictionary<string, JsonElement>? Variables, IReadOnlyList<WorkflowStep>? Steps)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal string Serialize() => JsonSerializer.Serialize(this, Json);

    internal static WorkflowDocument Deserialize(string json) => JsonSerializer.Deserialize<WorkflowDocument>(json, Json)!;
}

/// <summary>
/// What starts a run: <c>recordCreated</c>, <c>recordUpdated</c>, <c>recordDeleted</c> or <c>manual</c>, on the
/// records of <see cref="Entity"/>. An update trigger may name fields of which at least one must have changed; any
/// record trigger may have a condition in the expression language, evaluated on the record after the write.
/// <c>schedule</c> runs on a <see cref="Cron"/> expression in <see cref="TimeZone"/>, once per record matching
/// <see cref="Filter"/> or once without a record; <c>dateRelative</c> runs on each record whose
/// <see cref="DateField"/> is <see cref="Before"/> or <see cref="After"/> (durations) away from now; <c>webhook</c>
/// runs when its secret hook URL is called, with the posted JSON as the <c>body</c> variable; <c>webForm</c> creates a
/// record from a public form post (posted names mapped to fields by <see cref="Fields"/>, a filled
/// <see cref="Honeypot"/> field dropped as spam) and runs on it.
/// </summary>
public sealed record WorkflowTrigger(
    string? Type,
    string? Entity,
    IReadOnlyList<string>? ChangedFields,
    string? Condition,
    string? Cron = null,
    string? TimeZone = null,
    string? Filter = null,
    string? DateField = null,
    string? Before = null,
    string? After = null,
    IReadOnlyDictionary<string, string>? Fields = null,
    string? Honeypot = null);

/// <summary>
/// One step. <see cref="Type"/> chooses which other properties it reads:
/// <c>if</c> (condition, then, else), <c>updateFields</c> (values, and record to update a related record), <c>createRecord</c> (entity, values),
/// <c>sendEmail</c> (to, subject, body: Liquid templates), <c>wait</c> (duration), <c>approval</c> (approvers, timeout,
/// approved, rejected, timedOut), <c>assignOwner</c> (team), <c>createTask</c> (entity, subject, body, assignee, due),
/// <c>wait</c> until a date field (until, offset), <c>callWebhook</c> (url, method, headers, body: a Liquid template of
/// JSON, map), <c>forEach</c> (entity, lookup, filter, do), <c>stop</c>. Values are expressions over the run's record.
/// </summary>
public sealed record WorkflowStep(
    string? Id,
    string? Type,
    string? Condition = null,
    IReadOnlyList<WorkflowStep>? Then = null,
    IReadOnlyList<WorkflowStep>? Else = null,
    string? Entity = null,
    IReadOnlyDictionary<string, string>? Values = null,
    string? To = null,
    string? Subject = null,
    string? Body = null,
    string? Duration = null,
    IReadOnlyList<string>? Approvers = null,
    string? Timeout = null,
    IReadOnlyList<WorkflowStep>? Approved = null,
    IReadOnlyList<WorkflowStep>? Rejected = null,
    IReadOnlyList<WorkflowStep>? TimedOut = null,
    Guid? Team = null)
{
    /// <summary><c>createTask</c>: who gets the task, <c>owner</c> (the run's record's owner, the default) or a member's user id or email.</summary>
    public string? Assignee { get; init; }

    /// <summary><c>createTask</c>: when the task is due, as a duration from the moment the step runs.</summary>
    public string? Due { get; init; }

    /// <summary><c>wait</c>: a date or dateTime field of the record to wait for, instead of a duration.</summary>
    public string? Until { get; init; }

    /// <summary><c>wait</c> with <see cref="Until"/>: a duration added to the field's value (<c>-P3D</c> waits until three days before).</summary>
    public string? Offset { get; init; }

    /// <summary><c>callWebhook</c>: the https address to call.</summary>
    public string? Url { get; init; }

    /// <summary><c>callWebhook</c>: GET, POST (the default) or PUT.</summary>
    public string? Method { get; init; }

    /// <summary><c>callWebhook</c>: request headers; their values are never written to the run log.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary><c>forEach</c>: the lookup field of <see cref="WorkflowStep.Entity"/> (the child entity) that points to the run's record.</summary>
    public string? Lookup { get; init; }

    /// <summary><c>forEach</c>: an optional condition in the expression language over the child entity's fields.</summary>
    public string? Filter { get; init; }

    /// <summary><c>forEach</c>: the steps run once per related record, which they read as <c>item.field</c>.</summary>
    public IReadOnlyList<WorkflowStep>? Do { get; init; }

    /// <summary><c>callWebhook</c>: run variables set from the answer, by name; later steps' expressions read them by that name.</summary>
    public IReadOnlyDictionary<string, WebhookOutput>? Map { get; init; }

    /// <summary>
    /// <c>updateFields</c>: a lookup field of the run's record; the step then updates the record it points to (the related
    /// record) instead of the run's record. Its values are expressions over the related record's fields, with the run's
    /// record read as <c>record.field</c>. An empty lookup skips the step. See <see cref="WorkflowRelated"/>.
    /// </summary>
    public string? Record { get; init; }
}

/// <summary>
/// A value a <c>callWebhook</c> step reads from its answer: <c>status</c> (the HTTP status code), a JSON pointer into the
/// answer's body (<c>/data/score</c>) or a simple path (<c>data.items[0].id</c>); its type is text (the default), number
/// or boolean.
/// </summary>
public sealed record WebhookOutput(string? Path, string? Type = null);

/// <summary>Names of trigger and step types, as definitions spell them.</summary>
public static class WorkflowNames
{
    public const string RecordCreated = "recordCreated";
    public const string RecordUpdated = "recordUpdated";
    public const string RecordDeleted = "recordDeleted";
    public const string Manual = "manual";
    public const string Schedule = "schedule";
    public const string DateRelative = "dateRelative";
    public const string Webhook = "webhook";
    public const string WebForm = "webForm";

    public const string If = "if";
    public const string UpdateFields = "updateFields";
    public const string CreateRecord = "createRecord";
    public const string SendEmail = "sendEmail";
    public const string Wait = "wait";
    public const string Approval = "approval";
    public const string AssignOwner = "assignOwner";
    public const string Stop = "stop";
    public const string CreateTask = "createTask";
    public const string CallWebhook = "callWebhook";
    public const string ForEach = "forEach";

    /// <summary>The <c>record</c> of an <c>updateFields</c> step in a <c>forEach</c> body that updates the loop's current record.</summary>
    public const string Item = "item";

    public static readonly IReadOnlyList<string> Triggers = [RecordCreated, RecordUpdated, RecordDeleted, Manual, Schedule, DateRelative, Webhook, WebForm];

    public static readonly IReadOnlyList<string> Steps = [If, UpdateFields, CreateRecord, SendEmail, Wait, Approval, AssignOwner, Stop, CreateTask, CallWebhook, ForEach];
}
