using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

internal sealed partial class PackInstaller
{
    /// <summary>
    /// Applies a plan in one transaction: added entities and fields, merged properties through the metadata editors (so
    /// every change is validated, converts records when a type changes, and is audited), then the provenance rows and the
    /// installed version. Any refusal or error rolls all of it back.
    /// </summary>
    private async Task<PackChangeOutcome> ApplyAsync(InstalledPack installed, ChangePlan plan, PackUpgradeReport report, string actor, string action, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if ((await AddAsync(plan, cancellationToken) ?? await UpdateAsync(plan, cancellationToken)
                    ?? (plan.Run is { } added ? await CreateRulesAsync(added, added.Rules, plan.From, cancellationToken) ?? await AddSampleDataAsync(plan, cancellationToken)
                        ?? await CreateWorkflowsAsync(added, plan.From, cancellationToken)
                        ?? await CreateViewsAsync(added, added.Views, plan.From, cancellationToken)
                        ?? await CreateLayoutsAsync(added, added.Layouts, plan.From, cancellationToken)
                        ?? await CreateDashboardsAsync(added, added.Dashboards, plan.From, cancellationToken)
                        ?? await PreparePermissionSetsAsync(added, plan.AddedSets, plan.From, cancellationToken) : null)
                    ?? await DeactivateRulesAsync(plan, cancellationToken)) is { } failure)
            {
                await RollBackAsync(transaction, cancellationToken);
                return Refuse(failure with { Detail = $"{failure.Detail} Nothing was changed.".TrimStart() });
            }

            var now = clock.GetUtcNow();
            await ArchiveWorkflowsAsync(plan, cancellationToken);
            db.PackComponents.AddRange(plan.Run?.Components ?? []);
            await RecordVersionAsync(installed.PackId, plan, now, cancellationToken);
            var tracked = await db.InstalledPacks.FirstAsync(p => p.PackId == installed.PackId, cancellationToken);
            tracked.PreviousVersion = plan.Rollback ? null : plan.From;
            tracked.Version = plan.To;
            tracked.UpgradedAt = now;
            if (plan.Run is { } run)
            {
                tracked.Name = JsonSerializer.Serialize(run.Pack.Manifest.Name, Json);
                tracked.Description = run.Pack.Manifest.Description is null ? null : JsonSerializer.Serialize(run.Pack.Manifest.Description, Json);
            }

            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(actor, action, installed.PackId,
                $"{plan.From} to {plan.To}; {plan.Changes.Count} changes, {report.Conflicts} conflicts ({plan.Policy})", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
            await WritePermissionSetChangesAsync(plan, cancellationToken);
            logger.LogInformation("Pack {Pack} went from {From} to {To} in tenant {Tenant}", installed.PackId, plan.From, plan.To, tenants.Tenant!.Identifier);
            return new PackChangeOutcome(report, null);
        }
        catch
        {
            await RollBackAsync(transaction, CancellationToken.None);
            throw;
        }
    }

    /// <summary>New entities with their plain fields, then new fields: plain, lookups (their targets exist by then), formulas.</summary>
    private async Task<PackInstallOutcome?> AddAsync(ChangePlan plan, CancellationToken cancellationToken)
    {
        if (plan.Run is null)
        {
            return null;
        }

        var pack = plan.Run.Pack;
        var newEntities = plan.Added.Where(a => a.Field is null).Select(a => a.Entity).ToHashSet();
        foreach (var e in newEntities)
        {
            var entity = pack.Entities[e];
            var plain = Enumerable.Range(0, entity.Fields.Count).Where(i => entity.Fields[i].Type is not (Lookup or Formula)).ToList();
            if (Refused(await entities.CreateAsync(EntityRequestOf(plan.Run, e, plain), plan.Actor, cancellationToken), entity.File, path => Remap(path, plain)) is { } refused)
            {
                return refused;
            }
        }

        var fieldsToAdd = plan.Added.Where(a => a.Field is { } i && !(newEntities.Contains(a.Entity) && pack.Entities[a.Entity].Fields[i].Type is not (Lookup or Formula)))
            .Select(a => (a.Entity, Field: a.Field!.Value)).ToList();
        foreach (var phase in new Func<string, bool>[] { t => t is not (Lookup or Formula), t => t == Lookup, t => t == Formula })
        {
            foreach (var (e, i) in fieldsToAdd.Where(a => phase(pack.Entities[a.Entity].Fields[a.Field].Type)))
            {
                var entity = pack.Entities[e];
                if (Refused(await fields.CreateAsync(entity.ApiName, FieldRequestOf(plan.Run, entity, i), plan.Actor, cancellationToken),
                        entity.File, path => Problems.Path($"fields[{i}]", path)) is { } refused)
                {
                    return refused;
                }
            }
        }

        return null;
    }

    private async Task<PackInstallOutcome?> UpdateAsync(ChangePlan plan, CancellationToken cancellationToken)
    {
        foreach (var (row, tenant, merged) in plan.Updates)
        {
            MetadataOutcome? outcome = null;
            if (row.Kind == PackComponentKinds.Rule)
            {
                if (await UpdateRuleAsync(plan, row, tenant, merged, cancellationToken) is { } ruleRefused)
                {
                    return ruleRefused;
                }
            }
            else if (row.Kind == PackComponentKinds.PermissionSet)
            {
                if (await UpdatePermissionSetAsync(plan, row, tenant, merged, cancellationToken) is { } setRefused)
                {
                    return setRefused;
                }
            }
            else if (row.Kind == PackComponentKinds.View)
            {
                await UpdateViewAsync(row, tenant, merged, cancellationToken);
            }
            else if (row.Kind == PackComponentKinds.Dashboard)
            {
                await UpdateDashboardAsync(row, tenant, merged, cancellationToken);
            }
            else if (row.Kind == PackComponentKinds.Layout)
            {
                if (await UpdateLayoutAsync(plan, row, tenant, merged, cancellationToken) is { } layoutRefused)
                {
                    return layoutRefused;
                }
            }
            else if (row.Kind == PackComponentKinds.Workflow)
            {
                if (await UpdateWorkflowAsync(plan, row, tenant, merged, cancellationToken) is { } workflowRefused)
                {
                    return workflowRefused;
                }
            }
            else if (row.Kind == PackComponentKinds.Entity && PackProperties.EntityChange(tenant, merged) is { } entityChange)
            {
                outcome = await entities.UpdateAsync(row.Name, entityChange, plan.Actor, cancellationToken);
            }
            else if (row.Kind == PackComponentKinds.Field
                && await db.MetadataFields.AsNoTracking().FirstAsync(f => f.Id == row.ComponentId, cancellationToken) is var stored
                && PackProperties.FieldChange(stored, tenant, merged) is { } fieldChange)
            {
                var (entity, field) = (row.Name[..row.Name.IndexOf('.', StringComparison.Ordinal)], row.Name[(row.Name.IndexOf('.', StringComparison.Ordinal) + 1)..]);
                outcome = await fields.UpdateAsync(entity, field, fieldChange, plan.Actor, cancellationToken);
            }

            if (outcome is not null && Refused(outcome, $"{row.Kind} {row.Name}", path => path) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>The provenance rows follow: new bases, the state before (for a rollback), deprecations, rows for added components.</summary>
    private async Task RecordVersionAsync(string packId, ChangePlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? State(PackComponent row) => plan.Rollback ? null : JsonSerializer.Serialize(
            new PackComponentState(row.Version, row.Base is null ? null : JsonNode.Parse(row.Base)!.AsObject(), row.DeprecatedAt is not null, row.Definition), Json);

        foreach (var (row, publisher, definition) in plan.Kept)
        {
            var tracked = await db.PackComponents.FirstAsync(c => c.Id == row.Id, cancellationToken);
            tracked.Previous = State(row);
            tracked.Base = publisher?.ToJsonString() ?? row.Base;
            tracked.Definition = definition ?? row.Definition;
            tracked.Version = plan.To;
            tracked.DeprecatedAt = null;
        }

        foreach (var row in plan.Deprecated)
        {
            var tracked = await db.PackComponents.FirstAsync(c => c.Id == row.Id, cancellationToken);
            tracked.Previous = State(row);
            tracked.DeprecatedAt = now;
        }

        if (plan.Added.Count == 0 || plan.Run is null)
        {
            return;
        }

        var pack = plan.Run.Pack;
        var names = plan.Added.Select(a => MetadataApiName.Normalize(pack.Entities[a.Entity].ApiName)).Distinct().ToList();
        var storedEntities = await db.MetadataEntities.AsNoTracking().Where(e => names.Contains(e.NormalizedApiName) && e.DeletedAt == null).ToListAsync(cancellationToken);
        var ids = storedEntities.Select(e => e.Id).ToList();
        var storedFields = await db.MetadataFields.AsNoTracking().Where(f => ids.Contains(f.EntityId) && f.DeletedAt == null).ToListAsync(cancellationToken);
        var before = JsonSerializer.Serialize(new PackComponentState(plan.From, null, false, null), Json);
        foreach (var (e, i) in plan.Added)
        {
            var entity = pack.Entities[e];
            var storedEntity = storedEntities.Single(s => s.NormalizedApiName == MetadataApiName.Normalize(entity.ApiName));
            var component = i is { } index
                ? plan.Run.Component(PackComponentKinds.Field, $"{entity.ApiName}.{entity.Fields[index].ApiName}",
                    storedFields.Single(f => f.EntityId == storedEntity.Id && string.Equals(f.ApiName, entity.Fields[index].ApiName, StringComparison.OrdinalIgnoreCase)).Id,
                    JsonSerializer.Serialize(entity.Fields[index], Json))
                : plan.Run.Component(PackComponentKinds.Entity, entity.ApiName, storedEntity.Id, JsonSerializer.Serialize(entity with { Fields = [] }, Json));
            component.Base = (i is { } f ? PackProperties.OfField(FieldRequestOf(plan.Run, entity, f)) : PackProperties.OfEntity(EntityRequestOf(plan.Run, e, []))).ToJsonString();
            component.Previous = before;
            db.PackComponents.Add(component);
        }
    }

    /// <summary>What an upgrade or rollback will do, gathered before anything is touched.</summary>
    private sealed class ChangePlan(InstallRun? run, string actor, string from, string to)
    {
        /// <summary>The install of the new version (an upgrade's); null for a rollback, which adds nothing.</summary>
        public InstallRun? Run { get; } = run;

        public string Actor { get; } = actor;

        public string From { get; } = from;

        public string To { get; } = to;

        public bool Rollback => Run is null;

        public string Policy { get; set; } = MergePolicy.KeepTenant;

        public List<PackChange> Changes { get; } = [];

        public List<string> Notes { get; } = [];

        public List<PackProblem> Breaking { get; } = [];

        /// <summary>Components of the new version the tenant has: their new base and definition (null: unchanged).</summary>
        public List<(PackComponent Row, JsonObject? Publisher, string? Definition)> Kept { get; } = [];

        public List<(PackComponent Row, JsonObject Tenant, JsonObject Merged)> Updates { get; } = [];

        public List<(int Entity, int? Field)> Added { get; } = [];

        public List<PackComponent> Deprecated { get; } = [];

        /// <summary>The indexes of the permission sets the new version adds.</summary>
        public List<int> AddedSets { get; } = [];

        /// <summary>Merged permission sets to write to the catalog database once the tenant's transaction has committed.</summary>
        public List<PermissionSetUpdate> SetUpdates { get; } = [];

        /// <summary>The sample rows (<c>entity:key</c>) the tenant has had; null when the pack was installed without sample data.</summary>
        public HashSet<string>? SampleRows { get; set; }
    }
}
