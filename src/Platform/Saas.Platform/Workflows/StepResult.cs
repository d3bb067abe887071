namespace Saas.Platform.Workflows;

/// <summary>What a step came to: go on at <see cref="Position"/> (null: the run is done), wait until a time or a decision, or fail.</summary>
internal sealed record StepResult(string? Position, string? Output, string? Error = null, bool Retry = false, bool Waits = false, DateTimeOffset? DueAt = null, string? Bookmark = null)
{
    public bool Failed => Error is not null;

    /// <summary>The run's record as this step's update of it left it, so the next step need not read it again.</summary>
    public IReadOnlyDictionary<string, object?>? Record { get; init; }

    public static StepResult GoTo(string? position, string? output = null) => new(position, output);

    public static StepResult Wait(string? position, DateTimeOffset? dueAt, string? bookmark, string output) => new(position, output, Waits: true, DueAt: dueAt, Bookmark: bookmark);

    public static StepResult Fail(string error, bool retry) => new(null, null, error, retry);
}

/// <summary>
/// What a step may read: its run, the plan it follows and the run's record as it is now; in a loop, the current item of
/// <see cref="ItemEntity"/> and the key its effects are kept under (the step id and the item's index).
/// </summary>
internal sealed record StepContext(StoredRun Run, WorkflowPlan Plan, IReadOnlyDictionary<string, object?> Record, DateTimeOffset Now, Guid TenantId)
{
    public IReadOnlyDictionary<string, object?>? Item { get; init; }

    public Metadata.EntityDefinition? ItemEntity { get; init; }

    /// <summary>The version of the item as read for the step; null when it is gone.</summary>
    public int? ItemVersion { get; init; }

    public string? EffectKey { get; init; }

    public string KeyOf(WorkflowStep step) => EffectKey ?? step.Id!;

    /// <summary>A record's values as steps read them: by api name, in the expression language's types.</summary>
    public static IReadOnlyDictionary<string, object?> ValuesOf(Records.RecordView record) =>
        record.Values.ToDictionary(v => v.Key, v => Records.ComputedValues.ToExpression(v.Value), StringComparer.Ordinal);
}
