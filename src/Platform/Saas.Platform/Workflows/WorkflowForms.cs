using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Security;

namespace Saas.Platform.Workflows;

/// <summary>A form's public address, as made or renewed.</summary>
public sealed record WorkflowFormCreated(Guid FormId, string Path, string Honeypot);

/// <summary>What a form post did: accepted (a record made, or spam dropped), refused with errors by posted name, or no such form.</summary>
internal sealed record FormPost(bool Accepted, IDictionary<string, string[]>? Errors, string? Problem);

/// <summary>
/// Web forms (web-to-lead) of <c>webForm</c> workflows: a post maps its names to fields and creates a record through
/// the record service (so validation, history and the record triggers of other workflows apply), then starts the
/// form's own workflow on it. A filled honeypot field is dropped as spam with the same answer as a real post.
/// </summary>
internal sealed class WorkflowForms(TenantDbContext db, WorkflowPlans plans, WorkflowQueue queue, IRecordService records, IAuditLog audit, TimeProvider clock)
{
    public const string Actor = "web form";

    /// <summary>Makes the workflow's form address, or a new one (the old one stops working); null for an unknown workflow.</summary>
    public async Task<Outcome<WorkflowFormCreated>> RenewAsync(Guid workflowId, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken) is not { } workflow)
        {
            return new Outcome<WorkflowFormCreated>(null);
        }

        if (WorkflowDocument.Deserialize(workflow.Draft).Trigger is not { Type: WorkflowNames.WebForm } trigger)
        {
            return Outcome.Invalid<WorkflowFormCreated>("trigger.type", "Only a workflow with a webForm trigger has a form.");
        }

        db.WorkflowHooks.RemoveRange(await db.WorkflowHooks.Where(h => h.WorkflowId == workflowId && h.Kind == WorkflowNames.WebForm).ToListAsync(cancellationToken));
        var form = new StoredWorkflowHook
        {
            Id = Guid.NewGuid(),
            WorkflowId = workflowId,
            Kind = WorkflowNames.WebForm,
            SecretHash = string.Empty,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        db.WorkflowHooks.Add(form);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.formRenewed", workflowId.ToString(), workflow.Name, cancellationToken);
        return new Outcome<WorkflowFormCreated>(new WorkflowFormCreated(form.Id, $"/api/forms/{form.Id}", WorkflowTriggerRules.HoneypotOf(trigger)));
    }

    public async Task<FormPost> SubmitAsync(Guid formId, JsonObject posted, CancellationToken cancellationToken)
    {
        const string unknown = "There is no such form.";
        if (await db.WorkflowHooks.AsNoTracking().SingleOrDefaultAsync(h => h.Id == formId && h.Kind == WorkflowNames.WebForm, cancellationToken) is not { } form)
        {
            return new FormPost(false, null, unknown);
        }

        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == form.WorkflowId, cancellationToken);
        var version = workflow?.PublishedVersion is { } published
            ? await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.WorkflowId == form.WorkflowId && v.Version == published, cancellationToken)
            : null;
        var plan = version is null ? null : await plans.GetAsync(db, version.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (version is null || plan?.Document.Trigger is not { Type: WorkflowNames.WebForm } trigger)
        {
            await LogAsync(form.WorkflowId, workflow?.Name, string.Empty, null, "skipped", "Not started: the form was posted, but its workflow has no published version with a webForm trigger.", null, now, cancellationToken);
            return new FormPost(false, null, unknown);
        }

        var honeypot = WorkflowTriggerRules.HoneypotOf(trigger);
        if (posted[honeypot] is JsonValue trap && !string.IsNullOrWhiteSpace(trap.ToString()))
        {
            await LogAsync(form.WorkflowId, plan.Name, trigger.Entity!, null, "skipped", $"Not started: the honeypot field '{honeypot}' was filled, so the post is treated as spam and no record is made.", null, now, cancellationToken);
            return new FormPost(true, null, null);
        }

        var values = new JsonObject();
        foreach (var (name, field) in trigger.Fields!)
        {
            if (posted.TryGetPropertyValue(name, out var value) && value is not null)
            {
                values[field] = value.DeepClone();
            }
        }

        var created = await records.CreateAsync(trigger.Entity!, values, new RecordActor(Actor, null), cancellationToken);
        if (created.Value is not { } record)
        {
            // Errors are keyed by field; the poster knows the form's names, so they are named back.
            var names = trigger.Fields!.GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase);
            var errors = created.Errors?.ToDictionary(e => names.GetValueOrDefault(e.Key, e.Key), e => e.Value)
                ?? new Dictionary<string, string[]> { ["form"] = [created.Detail ?? "The record could not be created."] };
            await LogAsync(form.WorkflowId, plan.Name, trigger.Entity!, null, "skipped", $"Not started: the post was refused ({string.Join("; ", errors.SelectMany(e => e.Value))}).", null, now, cancellationToken);
            return new FormPost(false, errors, null);
        }

        var run = WorkflowRuns.NewRun(version.TenantId, version, plan, trigger.Entity!, record.Id, depth: 0, Actor, now);
        db.WorkflowRuns.Add(run);
        await LogAsync(form.WorkflowId, plan.Name, trigger.Entity!, record.Id, "started", "Started: the form was posted and its record created.", run.Id, now, cancellationToken);
        queue.Poke(version.TenantId);
        return new FormPost(true, null, null);
    }

    private async Task LogAsync(
        Guid workflowId, string? name, string entity, Guid? recordId, string outcome, string reason, Guid? runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(WorkflowNames.WebForm, entity, recordId, workflowId, name ?? string.Empty, outcome, reason, runId, now));
        await db.SaveChangesAsync(cancellationToken);
    }
}
