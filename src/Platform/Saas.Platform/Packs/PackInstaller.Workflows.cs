using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Workflows;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's workflows: created and published in the install's transaction (checked again by the tenant's workflow
/// validator, now that the pack's entities exist), merged three ways on upgrade like any component and published as a
/// new version when the merge changes them, archived (never deleted: their versions and runs stay) when a version no
/// longer has them, deleted on uninstall (runs kept, as deleting a workflow always does).
/// </summary>
internal sealed partial class PackInstaller
{
    /// <summary>After the metadata and the sample data, so installing the sample records starts none of the pack's workflows.</summary>
    private async Task<PackInstallOutcome?> CreateWorkflowsAsync(InstallRun run, string? previousVersion, CancellationToken cancellationToken)
    {
        foreach (var workflow in run.Workflows)
        {
            var created = await workflows.CreateAsync(tenants.Tenant!.Id, workflow.Document, run.Actor, cancellationToken);
            var published = created.Value is { } value ? await workflows.PublishAsync(tenants.Tenant!.Id, value.Id, run.Actor, cancellationToken) : created;
            if (published.Errors is { } errors)
            {
                return WorkflowRefused(workflow.File, errors);
            }

            run.Added(PackComponentKinds.Workflow, workflow.Name, published.Value!.Id, workflow.Document.Serialize(), PackWorkflowProperties.Of(workflow.Document).ToJsonString(), previousVersion);
        }

        return null;
    }

    /// <summary>Plans the upgrade of the pack's workflows: new ones added, the others merged, those the version lacks deprecated.</summary>
    private async Task PlanWorkflowsAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        var pack = plan.Run!.Pack;
        foreach (var workflow in pack.Workflows)
        {
            var map = PackWorkflowProperties.Of(workflow.Document);
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.Workflow && r.Name == workflow.Name) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.Workflow, workflow.Name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Run.Workflows.Add(workflow);
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old?.Workflows.FirstOrDefault(w => w.Name == workflow.Name) is { } before ? PackWorkflowProperties.Of(before.Document) : null;
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, workflow.Document.Serialize()));
        }
    }

    private async Task<JsonObject?> TenantWorkflowMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == row.ComponentId, cancellationToken) is { } stored
            ? PackWorkflowProperties.Of(WorkflowDocument.Deserialize(stored.Draft))
            : null;

    /// <summary>
    /// Writes the merged workflow as its draft and publishes it, when the merge changed it or it was archived (a deprecated
    /// workflow the version has again); a draft the tenant saved but did not publish stays a draft when nothing changes.
    /// </summary>
    private async Task<PackInstallOutcome?> UpdateWorkflowAsync(ChangePlan plan, PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        var stored = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == row.ComponentId, cancellationToken);
        var changed = !PackProperties.Same(tenant, merged);
        if (!changed && stored.PublishedVersion is not null)
        {
            return null;
        }

        var file = $"{PackFiles.WorkflowsFolder}/{row.Name}";
        var tenantId = tenants.Tenant!.Id;
        var updated = changed ? await workflows.UpdateAsync(tenantId, row.ComponentId, PackWorkflowProperties.ToDocument(merged), plan.Actor, cancellationToken) : null;
        if (updated?.Errors is { } errors)
        {
            return WorkflowRefused(file, errors);
        }

        var published = await workflows.PublishAsync(tenantId, row.ComponentId, plan.Actor, cancellationToken);
        return published.Errors is { } publishErrors ? WorkflowRefused(file, publishErrors) : null;
    }

    /// <summary>Workflows of deprecated components stop running: archived, with their versions and runs kept.</summary>
    private async Task ArchiveWorkflowsAsync(ChangePlan plan, CancellationToken cancellationToken)
    {
        foreach (var row in plan.Deprecated.Where(r => r.Kind == PackComponentKinds.Workflow && r.DeprecatedAt is null))
        {
            await workflows.ArchiveAsync(row.ComponentId, plan.Actor, $"pack {row.PackId} {plan.To} no longer has it", cancellationToken);
        }
    }

    /// <summary>An uninstall deletes the pack's workflows; their versions and runs stay readable.</summary>
    private async Task DeleteWorkflowsAsync(string packId, string actor, CancellationToken cancellationToken)
    {
        foreach (var id in await db.PackComponents.Where(c => c.PackId == packId && c.Kind == PackComponentKinds.Workflow).Select(c => c.ComponentId).ToListAsync(cancellationToken))
        {
            await workflows.DeleteAsync(id, actor, cancellationToken);
        }
    }

    private static PackInstallOutcome WorkflowRefused(string file, IDictionary<string, string[]> errors) => PackInstallOutcome.Invalid(
        [.. errors.SelectMany(e => e.Value.Select(m => new PackProblem(file, e.Key, m)))],
        "The tenant's workflow validator refused a workflow of the pack; nothing was changed.");
}
