using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>
/// Fires record triggers from every write path: it sees each record write inside the write's transaction and adds, in
/// that transaction, a trigger-log entry per workflow considered and a run for each that starts, so a committed write
/// never loses its runs and a rolled-back one starts none. The dispatcher picks the new runs up after the commit.
/// </summary>
internal sealed class WorkflowTriggers(
    TenantDbContext db, ITenantAccessor tenants, WorkflowPlans plans, IExpressionCompiler expressions, WorkflowStepScope scope, WorkflowQueue queue,
    IOptions<WorkflowOptions> options) : IRecordWriteObserver
{
    /// <summary>The variable in which a run started by a deletion keeps the deleted record's values.</summary>
    public const string DeletedRecordVariable = "deletedRecord";

    /// <summary>Compiled once: every record write asks it, and translating the LINQ each time cost more than running it. The tenant is named as well as filtered.</summary>
    private static readonly CompiledPerModel<Func<TenantDbContext, Guid, string, string, IAsyncEnumerable<StoredWorkflowVersion>>> PublishedVersions = new(() => EF.CompileAsyncQuery(
        (TenantDbContext context, Guid tenantId, string entity, string type) =>
            from w in context.Workflows.AsNoTracking()
            where w.TenantId == tenantId && w.TriggerEntity == entity && w.TriggerType == type && w.PublishedVersion != null
            join v in context.WorkflowVersions.AsNoTracking() on new { w.Id, Version = w.PublishedVersion!.Value } equals new { Id = v.WorkflowId, v.Version }
            select v));

    /// <summary>
    /// The published versions per entity and trigger, read once per scope: a request writes one record, while an import
    /// batch writes a thousand of one entity and would otherwise ask a thousand times.
    /// </summary>
    private readonly Dictionary<(Guid Tenant, string Entity, string Trigger), List<StoredWorkflowVersion>> published = [];

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

        var entity = write.Entity.ApiName.ToLowerInvariant();
        if (!published.TryGetValue((tenant.Id, entity, type), out var candidates))
        {
            candidates = [];
            await foreach (var version in PublishedVersions.For(db)(db, tenant.Id, entity, type).WithCancellation(cancellationToken))
            {
                candidates.Add(version);
            }

            published[(tenant.Id, entity, type)] = candidates;
        }

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

    internal static StoredTriggerEvent LogEntry(string type, string entity, Guid? recordId, Guid workflowId, string name, string outcome, string reason, Guid? runId, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
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
