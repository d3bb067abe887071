using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Saas.Platform.Packs;

/// <summary>
/// Upgrades an installed pack to a newer version of the catalog: new components are added, removed ones deprecated
/// (never deleted), and every property of the others merged three ways (<see cref="PackMerge"/>). A dry run stops at the
/// report; otherwise everything is applied in one transaction of the tenant's database, or nothing is.
/// </summary>
internal sealed partial class PackInstaller
{
    private static readonly (string From, string To)[] Widening =
        [("text", "longText"), ("email", "text"), ("phone", "text"), ("url", "text"), ("picklist", "text")];

    public async Task<PackChangeOutcome> UpgradeAsync(string id, UpgradePackRequest request, string actor, CancellationToken cancellationToken)
    {
        var (policy, errors) = PolicyOf(request.Policy, request.Take);
        if (string.IsNullOrWhiteSpace(request.Version))
        {
            errors["version"] = ["Name the version to upgrade to."];
        }

        if (errors.Count > 0)
        {
            return PackChangeOutcome.Invalid(errors);
        }

        if (await db.InstalledPacks.FirstOrDefaultAsync(p => p.PackId == id, cancellationToken) is not { } installed)
        {
            return Refuse(PackInstallOutcome.NotFound($"The pack '{id}' is not installed in this tenant."));
        }

        if (packs.Find(id, request.Version) is not { } found)
        {
            return Refuse(PackInstallOutcome.NotFound($"The catalog has no pack '{id}' at version {request.Version}; it has {string.Join(", ", packs.Versions(id))}."));
        }

        if (!found.IsValid)
        {
            return Refuse(PackInstallOutcome.Invalid(found.Problems, $"The pack '{id}' {request.Version} does not pass validation."));
        }

        var (from, to) = (SemVersion.TryParse(installed.Version)!, SemVersion.TryParse(found.Pack!.Version)!);
        if (to.CompareTo(from) <= 0)
        {
            return Refuse(PackInstallOutcome.Conflict("Not an upgrade",
                $"The tenant runs '{id}' {installed.Version}; {to} is not newer. Rollback goes back to the previous version."));
        }

        if ((await MissingDependencyAsync(found.Pack, cancellationToken) ?? await DependentsRefuseAsync(id, to, cancellationToken)) is { } refused)
        {
            return Refuse(refused);
        }

        var plan = await PlanUpgradeAsync(installed, found, policy, actor, cancellationToken);
        if (plan.Breaking.Count > 0 && to.Major == from.Major)
        {
            return Refuse(new PackInstallOutcome(null, plan.Breaking, 409, "Breaking change needs a major version",
                $"{to} changes field types or narrows them, which only a new major version may do. Nothing was changed."));
        }

        if (Unused(policy) is { Count: > 0 } unused)
        {
            return PackChangeOutcome.Invalid(unused);
        }

        var report = new PackUpgradeReport(id, installed.Version, to.ToString(), request.DryRun == true,
            plan.Changes.Count(c => c.Change == "conflict"), plan.Changes, plan.Notes);
        if (request.DryRun == true)
        {
            return new PackChangeOutcome(report, null);
        }

        return await ApplyAsync(installed, plan, report, actor, "pack.upgraded", cancellationToken);
    }

    private async Task<PackInstallOutcome?> DependentsRefuseAsync(string id, SemVersion to, CancellationToken cancellationToken)
    {
        foreach (var other in await db.InstalledPacks.AsNoTracking().Where(p => p.PackId != id).ToListAsync(cancellationToken))
        {
            if (packs.Find(other.PackId, other.Version)?.Pack?.Manifest.Dependencies?.GetValueOrDefault(id) is { } range
                && VersionRange.TryParse(range)?.Contains(to) != true)
            {
                return PackInstallOutcome.Conflict("Needed by another pack", $"The installed pack '{other.PackId}' {other.Version} needs '{id}' {range}; {to} is outside it.");
            }
        }

        return null;
    }

    private async Task<ChangePlan> PlanUpgradeAsync(InstalledPack installed, CatalogPack found, MergePolicy policy, string actor, CancellationToken cancellationToken)
    {
        var pack = found.Pack!;
        var run = new InstallRun(pack, new PackScope(pack, found.Dependencies), actor, clock.GetUtcNow());
        var plan = new ChangePlan(run, actor, installed.Version, pack.Version) { Policy = policy.Name };
        var rows = await LoadRowsAsync(installed.PackId, cancellationToken);
        var fallback = packs.Find(installed.PackId, installed.Version) is { Pack: { } old } catalogOld ? PublisherMaps(old, catalogOld.Dependencies, actor) : [];
        var publisher = PublisherMaps(pack, found.Dependencies, actor);
        foreach (var ((kind, name), (map, entity, field)) in publisher)
        {
            if (rows.FirstOrDefault(r => r.Kind == kind && r.Name == name) is not { } row)
            {
                plan.Changes.Add(new(kind, name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Added.Add((entity, field));
                continue;
            }

            var @base = row.Base is null ? fallback.GetValueOrDefault((kind, name)).Map : JsonNode.Parse(row.Base)!.AsObject();
            if (await MergeAsync(plan, row, @base, map, policy, cancellationToken) && field is { } index
                && Breaking(@base ?? map, map) is { } reason)
            {
                plan.Breaking.Add(new PackProblem(pack.Entities[entity].File, $"fields[{index}].type", reason));
            }

            plan.Kept.Add((row, map, kind == PackComponentKinds.Entity
                ? JsonSerializer.Serialize(pack.Entities[entity] with { Fields = [] }, Json)
                : JsonSerializer.Serialize(pack.Entities[entity].Fields[field!.Value], Json)));
        }

        await PlanWorkflowsAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        await PlanRulesAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        await PlanLayoutsAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        await PlanViewsAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        await PlanDashboardsAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        var dashboardNames = pack.Dashboards.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        await PlanPermissionSetsAsync(plan, rows, packs.Find(installed.PackId, installed.Version)?.Pack, policy, cancellationToken);
        await PlanSampleDataAsync(plan, installed, cancellationToken);
        var setNames = pack.PermissionSets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var viewNames = ViewsOf(pack).Select(v => ViewName(v.File, v.View)).ToHashSet(StringComparer.Ordinal);
        var workflowNames = pack.Workflows.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var ruleNames = RulesOf(pack).Select(r => $"{r.Entity.ApiName}.{r.Rule.ApiName}").ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.DeprecatedAt is null && r.Kind switch
                 {
                     PackComponentKinds.Workflow => !workflowNames.Contains(r.Name),
                     PackComponentKinds.Rule => !ruleNames.Contains(r.Name),
                     PackComponentKinds.View => !viewNames.Contains(r.Name),
                     PackComponentKinds.Dashboard => !dashboardNames.Contains(r.Name),
                     PackComponentKinds.Layout => LayoutDropped(pack, r),
                     PackComponentKinds.PermissionSet => !setNames.Contains(r.Name),
                     _ => !publisher.ContainsKey((r.Kind, r.Name)),
                 }))
        {
            plan.Changes.Add(new(row.Kind, row.Name, null, "deprecated", null, null, null, MergePolicy.Publisher));
            plan.Deprecated.Add(row);
        }

        return plan;
    }

    /// <summary>Merges one component into the plan; false when the tenant deleted it (reported as skipped).</summary>
    private async Task<bool> MergeAsync(ChangePlan plan, PackComponent row, JsonObject? @base, JsonObject publisher, MergePolicy policy, CancellationToken cancellationToken)
    {
        var tenant = await TenantMapAsync(row, cancellationToken);
        if (tenant is null)
        {
            plan.Changes.Add(new(row.Kind, row.Name, null, "skipped", null, null, null, MergePolicy.Tenant));
            return false;
        }

        if (row.DeprecatedAt is not null)
        {
            plan.Changes.Add(new(row.Kind, row.Name, null, "restored", null, null, null, MergePolicy.Publisher));
        }

        var (merged, changes) = PackMerge.Merge(row.Kind, row.Name, @base ?? tenant, tenant, publisher, policy);
        plan.Changes.AddRange(changes);
        plan.Updates.Add((row, tenant, merged));
        return true;
    }

    /// <summary>The tenant's current values of the component; null when the tenant deleted it.</summary>
    private async Task<JsonObject?> TenantMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        row.Kind == PackComponentKinds.Workflow ? await TenantWorkflowMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.Layout ? await TenantLayoutMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.Rule ? await TenantRuleMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.View ? await TenantViewMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.PermissionSet ? await TenantPermissionSetMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.Dashboard ? await TenantDashboardMapAsync(row, cancellationToken)
        : row.Kind == PackComponentKinds.Entity
        ? await db.MetadataEntities.AsNoTracking().FirstOrDefaultAsync(e => e.Id == row.ComponentId && e.DeletedAt == null, cancellationToken) is { } entity ? PackProperties.OfEntity(entity) : null
        : await db.MetadataFields.AsNoTracking().FirstOrDefaultAsync(f => f.Id == row.ComponentId && f.DeletedAt == null, cancellationToken) is { } field ? PackProperties.OfField(field) : null;

    private Task<List<PackComponent>> LoadRowsAsync(string packId, CancellationToken cancellationToken) =>
        db.PackComponents.Where(c => c.PackId == packId && (c.Kind == PackComponentKinds.Entity || c.Kind == PackComponentKinds.Field || c.Kind == PackComponentKinds.Workflow || c.Kind == PackComponentKinds.Rule || c.Kind == PackComponentKinds.View || c.Kind == PackComponentKinds.Layout || c.Kind == PackComponentKinds.PermissionSet || c.Kind == PackComponentKinds.Dashboard)).ToListAsync(cancellationToken);

    /// <summary>Every entity and field of the pack as the publisher defines it, by (kind, name), with where it sits in the pack.</summary>
    private static Dictionary<(string Kind, string Name), (JsonObject Map, int Entity, int? Field)> PublisherMaps(
        PackDefinition pack, IReadOnlyList<PackDefinition> dependencies, string actor)
    {
        var run = new InstallRun(pack, new PackScope(pack, dependencies), actor, DateTimeOffset.MinValue);
        var maps = new Dictionary<(string, string), (JsonObject, int, int?)>();
        for (var e = 0; e < pack.Entities.Count; e++)
        {
            var entity = pack.Entities[e];
            if (!entity.Extends)
            {
                maps[(PackComponentKinds.Entity, entity.ApiName)] = (PackProperties.OfEntity(EntityRequestOf(run, e, [])), e, null);
            }

            for (var i = 0; i < entity.Fields.Count; i++)
            {
                maps[(PackComponentKinds.Field, $"{entity.ApiName}.{entity.Fields[i].ApiName}")] = (PackProperties.OfField(FieldRequestOf(run, entity, i)), e, i);
            }
        }

        return maps;
    }

    /// <summary>Why the publisher's change of a field breaks existing data, or null: a new type (other than a widening) or smaller sizes.</summary>
    private static string? Breaking(JsonObject before, JsonObject after)
    {
        var (from, to) = (before["type"]?.GetValue<string>(), after["type"]?.GetValue<string>());
        if (from != to && !Widening.Contains((from!, to!)))
        {
            return $"The type changes from {from} to {to}.";
        }

        foreach (var size in new[] { "settings.maxLength", "settings.precision", "settings.scale" })
        {
            if (before[size] is JsonValue old && after[size] is JsonValue now && now.GetValue<int>() < old.GetValue<int>())
            {
                return $"{size[9..]} shrinks from {old} to {now}.";
            }
        }

        return null;
    }

    private static (MergePolicy Policy, Dictionary<string, string[]> Errors) PolicyOf(string? policy, IReadOnlyList<PackTake?>? take)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (policy is not (null or MergePolicy.KeepTenant or MergePolicy.TakePublisher))
        {
            errors["policy"] = [$"'{policy}' is not a policy: use {MergePolicy.KeepTenant} (the default) or {MergePolicy.TakePublisher}."];
        }

        var list = take ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { Component.Length: > 0, Property.Length: > 0 } item)
            {
                errors[$"take[{i}]"] = ["Name the component and the property of the conflict."];
            }
            else if (item.From is not (null or MergePolicy.Publisher or MergePolicy.Tenant))
            {
                errors[$"take[{i}].from"] = [$"'{item.From}' is neither {MergePolicy.Publisher} nor {MergePolicy.Tenant}."];
            }
        }

        return (new MergePolicy(policy == MergePolicy.TakePublisher, [.. list.OfType<PackTake>()]), errors);
    }

    private static Dictionary<string, string[]> Unused(MergePolicy policy) =>
        policy.Unused.ToDictionary(u => $"take[{u.Index}]", u => new[] { $"There is no conflict on '{u.Take.Property}' of '{u.Take.Component}'." }, StringComparer.Ordinal);

    private static PackChangeOutcome Refuse(PackInstallOutcome outcome) => new(null, outcome);
}
