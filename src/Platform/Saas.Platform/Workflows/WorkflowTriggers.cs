using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>
/// Fires record triggers from every write path: it sees each record write inside the write's transaction and adds, in
/// that transaction, a trigger-log entry per workflow considered and a run for each that starts, so a committed write
/// never loses its runs and a rolled-back one starts none. The dispatcher picks the new runs up after the commit.
/// </summary>
internal sealed class WorkflowTriggers(
    TenantDbContext db, ITenantAccessor tenants, IMemoryCache cache, MetadataVersionMemo memo, WorkflowPlans plans, IExpressionCompiler expressions, WorkflowStepScope scope, WorkflowQueue queue,
    IOptions<WorkflowOptions> options) : IRecordWriteObserver
{
    /// <summary>The variable in which a run started by a deletion keeps the deleted record's values.</summary>
    public const string DeletedRecordVariable = "deletedRecord";

    private static readonly MemoryCacheEntryOptions KeepWhileUsed = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    private static readonly IReadOnlyList<StoredWorkflowVersion> None = [];

    /// <summary>
    /// The published versions of this scope's tenant by entity and trigger, when the scope changed the tenant's metadata
    /// version itself (a pack install publishing workflows in its transaction): what it read may still roll back, so it
    /// is not shared.
    /// </summary>
    private (long Version, PublishedWorkflows Workflows)? own;

    public async Task OnWrittenAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        var type = write.Kind switch
        {
            RecordWriteKind.Created => WorkflowNames.RecordCreated,
            RecordWriteKind.Updated => WorkflowNames.RecordUpdated,
            RecordWriteKind.Deleted => WorkflowNames.RecordDeleted,
            _ => null,
        };
        if (type is null || tenants.Tenant is not { } tenant)
        {
            return;
        }

        var workflows = await PublishedAsync(tenant.Id, write.Snapshot.Version, cancellationToken);
        var candidates = workflows.For(write.Entity.ApiName.ToLowerInvariant(), type);
        if (candidates.Count == 0)
        {
            return;
        }

        var depth = scope.Current is { } step ? step.Depth + 1 : 0;
        var started = false;
        foreach (var version in candidates)
        {
            var plan = (await plans.GetAsync(db, version.Id, cancellationToken))!;
            var (starts, reason) = Decide(plan, write, depth);
            StoredRun? run = null;
            if (starts)
            {
                run = WorkflowRuns.NewRun(tenant.Id, version, plan, write.Entity.ApiName, write.RecordId, depth, write.Actor.Name, write.At);
                if (write.Kind == RecordWriteKind.Deleted && write.Before is { } before)
                {
                    // A deleted record cannot be read any more: the run keeps its last values.
                    var variables = JsonNode.Parse(run.Variables)!.AsObject();
                    variables[DeletedRecordVariable] = new JsonObject(write.Entity.Fields.Select(f => KeyValuePair.Create(f.ApiName, before.GetValueOrDefault(f.Id)?.DeepClone())));
                    run.Variables = variables.ToJsonString();
                }

                db.WorkflowRuns.Add(run);
                started = true;
            }

            db.WorkflowTriggerLog.Add(LogEntry(type, write.Entity.ApiName, write.RecordId, plan.WorkflowId, plan.Name, starts ? "started" : "skipped", reason, run?.Id, write.At));
        }

        if (started)
        {
            queue.Poke(tenant.Id);
        }
    }

    /// <summary>
    /// Every published version of the tenant, read once per metadata version: publishing, archiving or deleting a
    /// workflow bumps that version in its transaction, and every request reads the version anyway (for the write's
    /// metadata), so a change on any node is seen by the next write on every node, and a write of an entity without
    /// workflows reads nothing.
    /// </summary>
    private async Task<PublishedWorkflows> PublishedAsync(Guid tenantId, long version, CancellationToken cancellationToken)
    {
        if (!memo.ChangedHere)
        {
            var key = new PublishedKey(tenantId, version);
            if (!cache.TryGetValue(key, out PublishedWorkflows? shared))
            {
                shared = await ReadPublishedAsync(tenantId, cancellationToken);
                cache.Set(key, shared, KeepWhileUsed);
            }

            return shared!;
        }

        if (own is not { } mine || mine.Version != version)
        {
            own = (version, await ReadPublishedAsync(tenantId, cancellationToken));
        }

        return own.Value.Workflows;
    }

    private async Task<PublishedWorkflows> ReadPublishedAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var rows = await (
            from w in db.Workflows.AsNoTracking()
            where w.TenantId == tenantId && w.PublishedVersion != null && w.TriggerEntity != null && w.TriggerType != null
            join v in db.WorkflowVersions.AsNoTracking() on new { w.Id, Version = w.PublishedVersion!.Value } equals new { Id = v.WorkflowId, v.Version }
            select new { Entity = w.TriggerEntity!, Type = w.TriggerType!, Published = v }).ToListAsync(cancellationToken);
        return new PublishedWorkflows(rows
            .GroupBy(r => (r.Entity, r.Type))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<StoredWorkflowVersion>)g.Select(r => r.Published).OrderBy(v => v.Id).ToArray()));
    }

    internal static StoredTriggerEvent LogEntry(string type, string entity, Guid? recordId, Guid workflowId, string name, string outcome, string reason, Guid? runId, DateTimeOffset at) => new()
    {
        Id = Uuid.NewSequential(),
        At = at,
        Event = type,
        Entity = entity,
        RecordId = recordId,
        WorkflowId = workflowId,
        WorkflowName = name,
        Outcome = outcome,
        Reason = reason,
        RunId = runId,
    };

    private (bool Starts, string Reason) Decide(WorkflowPlan plan, RecordWrite write, int depth)
    {
        var trigger = plan.Document.Trigger!;
        if (depth > options.Value.MaxDepth)
        {
            return (false, $"Not started: the write came from a run {depth - 1} levels deep, and runs may start runs only {options.Value.MaxDepth} levels deep.");
        }

        if (trigger.ChangedFields is { Count: > 0 } watched && !watched.Any(f => write.ChangedFields.Contains(f, StringComparer.OrdinalIgnoreCase)))
        {
            return (false, $"Not started: none of the watched fields ({string.Join(", ", watched)}) changed; changed were {Listed(write.ChangedFields)}.");
        }

        if (!string.IsNullOrWhiteSpace(trigger.Condition))
        {
            var compiled = expressions.Compile(write.Entity, trigger.Condition, ExpressionType.Boolean);
            if (!compiled.Succeeded)
            {
                return (false, $"Not started: the condition '{trigger.Condition}' no longer compiles: {compiled.Error!.Message}");
            }

            var values = write.After ?? write.Before ?? new Dictionary<Guid, JsonNode?>();
            var inputs = write.Entity.Fields.ToDictionary(f => f.ApiName, f => ComputedValues.ToExpression(values.GetValueOrDefault(f.Id)), StringComparer.Ordinal);
            var result = compiled.Expression!.Evaluate(inputs, new ExpressionContext(write.At));
            if (!result.Succeeded)
            {
                return (false, $"Not started: the condition '{trigger.Condition}' could not be evaluated: {result.Error}.");
            }

            if (result.Value is not true)
            {
                return (false, $"Not started: the condition '{trigger.Condition}' is false for this record.");
            }

            return (true, $"Started: the condition '{trigger.Condition}' is true{Changed(trigger)}.");
        }

        return (true, $"Started: every {write.Entity.ApiName} {Verb(write.Kind)} starts it{Changed(trigger)}.");
    }

    private sealed record PublishedKey(Guid TenantId, long MetadataVersion);

    /// <summary>A tenant's published workflow versions by trigger entity and type; shared read-only between scopes.</summary>
    private sealed class PublishedWorkflows(Dictionary<(string Entity, string Type), IReadOnlyList<StoredWorkflowVersion>> byTrigger)
    {
        public IReadOnlyList<StoredWorkflowVersion> For(string entity, string type) => byTrigger.GetValueOrDefault((entity, type)) ?? None;
    }

    private static string Changed(WorkflowTrigger trigger) =>
        trigger.ChangedFields is { Count: > 0 } watched ? $" and a watched field ({string.Join(", ", watched)}) changed" : string.Empty;

    private static string Listed(IReadOnlyCollection<string> fields) => fields.Count == 0 ? "none" : string.Join(", ", fields);

    private static string Verb(RecordWriteKind kind) => kind switch
    {
        RecordWriteKind.Created => "created",
        RecordWriteKind.Updated => "update",
        _ => "deletion",
    };
}
