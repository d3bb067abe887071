using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Persistence;

namespace Saas.Platform.Workflows;

/// <summary>
/// A published version ready to run: each step by id with the step that follows it (the next sibling, or what follows
/// the branch it sits in). A run's position is a step id, so the tree needs no stack.
/// </summary>
internal sealed class WorkflowPlan
{
    private readonly Dictionary<string, (WorkflowStep Step, string? Next)> steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowStep> loops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> inputs = new(StringComparer.Ordinal);

    private WorkflowPlan(Guid workflowId, int version, WorkflowDocument document)
    {
        WorkflowId = workflowId;
        Version = version;
        Document = document;
        First = Walk(document.Steps ?? [], after: null, loop: null);
        Variables = WebhookOutputs.Declared(document.Steps);
    }

    /// <summary>The run variables steps set (webhook answers), which expressions read by name beside the record's fields.</summary>
    public IReadOnlyList<Expressions.ExpressionField> Variables { get; }

    public Guid WorkflowId { get; }

    public int Version { get; }

    public WorkflowDocument Document { get; }

    public string Name => Document.Name ?? string.Empty;

    public string? First { get; }

    public WorkflowStep? Step(string id) => steps.TryGetValue(id, out var found) ? found.Step : null;

    public string? Next(string id) => steps.TryGetValue(id, out var found) ? found.Next : null;

    /// <summary>
    /// What a step's log row keeps as its input: the step without its branches, header values redacted (they may hold
    /// secrets). The same for every run of the version, so it is serialized once.
    /// </summary>
    public string InputOf(WorkflowStep step) => inputs.GetOrAdd(step.Id!, _ => JsonSerializer.Serialize(
        step with { Then = null, Else = null, Approved = null, Rejected = null, TimedOut = null, Headers = Redacted(step.Headers) }, WorkflowDocument.Json));

    private static Dictionary<string, string>? Redacted(IReadOnlyDictionary<string, string>? headers) =>
        headers?.ToDictionary(h => h.Key, _ => "***", StringComparer.Ordinal);

    /// <summary>The <c>forEach</c> step whose loop body holds the step, if any.</summary>
    public WorkflowStep? LoopOf(string id) => loops.GetValueOrDefault(id);

    /// <summary>The first step of <paramref name="branch"/>, or what follows <paramref name="from"/> when the branch is empty.</summary>
    public string? Enter(IReadOnlyList<WorkflowStep>? branch, string from) => branch is { Count: > 0 } ? branch[0].Id : Next(from);

    public static WorkflowPlan Of(Guid workflowId, int version, WorkflowDocument document) => new(workflowId, version, document);

    /// <summary>Links each step to the one after it; the last step of a loop body leads back to its <c>forEach</c>, which moves to the next item.</summary>
    private string? Walk(IReadOnlyList<WorkflowStep> list, string? after, WorkflowStep? loop)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var step = list[i];
            var next = step.Type == WorkflowNames.Stop ? null : i + 1 < list.Count ? list[i + 1].Id : after;
            steps[step.Id!] = (step, next);
            if (loop is not null)
            {
                loops[step.Id!] = loop;
            }

            foreach (var branch in new[] { step.Then, step.Else, step.Approved, step.Rejected, step.TimedOut })
            {
                Walk(branch ?? [], next, loop);
            }

            if (step.Type == WorkflowNames.ForEach)
            {
                Walk(step.Do ?? [], step.Id, step);
            }
        }

        return list.Count > 0 ? list[0].Id : after;
    }
}

/// <summary>Published versions never change, so their plans are cached by version id for every run that follows them.</summary>
internal sealed class WorkflowPlans(IMemoryCache cache)
{
    public async Task<WorkflowPlan?> GetAsync(TenantDbContext db, Guid versionId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(("workflow-plan", versionId), out WorkflowPlan? plan))
        {
            return plan;
        }

        var version = await db.WorkflowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version is null)
        {
            return null;
        }

        plan = WorkflowPlan.Of(version.WorkflowId, version.Version, WorkflowDocument.Deserialize(version.Document));
        cache.Set(("workflow-plan", versionId), plan, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1), Size = 1 });
        return plan;
    }
}
