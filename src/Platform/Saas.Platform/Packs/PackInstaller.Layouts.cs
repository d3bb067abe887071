using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Layouts;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's form layouts (<c>layouts/{entity}.yaml</c>): saved through <see cref="LayoutEditor"/> after the fields they
/// place. The component is named after its entity and points to it (a layout is one per entity). On upgrade the whole
/// layout is one property, <c>sections</c>, merged three ways: the publisher's new layout applies unless the tenant
/// edited the layout; a tenant's edit stays. A layout the new version drops is left as the tenant has it.
/// </summary>
internal sealed partial class PackInstaller
{
    private const string SectionsProperty = "sections";

    private async Task<PackInstallOutcome?> CreateLayoutsAsync(InstallRun run, IEnumerable<PackLayout> layouts, string? previousVersion, CancellationToken cancellationToken)
    {
        foreach (var layout in layouts)
        {
            if (Refused(await layoutEditor.SaveAsync(layout.Entity, LayoutRequestOf(layout), run.Actor, cancellationToken), layout.File, path => path) is { } refused)
            {
                return refused;
            }

            var entity = await db.MetadataEntities.AsNoTracking().FirstAsync(e => e.NormalizedApiName == MetadataApiName.Normalize(layout.Entity) && e.DeletedAt == null, cancellationToken);
            run.Added(PackComponentKinds.Layout, entity.ApiName, entity.Id, JsonSerializer.Serialize(layout, Json), LayoutMap(LayoutRequestOf(layout)).ToJsonString(), previousVersion);
        }

        return null;
    }

    /// <summary>Plans the pack's layouts: new ones added (after the new fields), the others merged; those the version lacks are deprecated by the caller.</summary>
    private async Task PlanLayoutsAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        foreach (var layout in plan.Run!.Pack.Layouts)
        {
            var map = LayoutMap(LayoutRequestOf(layout));
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.Layout && string.Equals(r.Name, layout.Entity, StringComparison.OrdinalIgnoreCase)) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.Layout, layout.Entity, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Run.Layouts.Add(layout);
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old?.Layouts.FirstOrDefault(l => string.Equals(l.Entity, layout.Entity, StringComparison.OrdinalIgnoreCase)) is { } before ? LayoutMap(LayoutRequestOf(before)) : null;
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, JsonSerializer.Serialize(layout, Json)));
        }
    }

    private static bool LayoutDropped(PackDefinition pack, PackComponent row) =>
        !pack.Layouts.Any(l => string.Equals(l.Entity, row.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The tenant's layout of the component's entity; null when the tenant deleted it (or the entity).</summary>
    private async Task<JsonObject?> TenantLayoutMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        await db.MetadataEntities.AsNoTracking().AnyAsync(e => e.Id == row.ComponentId && e.DeletedAt == null, cancellationToken)
        && await db.Layouts.AsNoTracking().FirstOrDefaultAsync(l => l.EntityId == row.ComponentId, cancellationToken) is { } stored
            ? LayoutMap(new LayoutRequest([.. LayoutService.Read(stored).Select(s => new LayoutSectionRequest(s.ApiName, s.Label.ToDictionary(t => t.Key, t => (string?)t.Value), s.Columns, s.Fields))]))
            : null;

    /// <summary>Saves the merged layout when it differs from the tenant's.</summary>
    private async Task<PackInstallOutcome?> UpdateLayoutAsync(ChangePlan plan, PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        if (PackProperties.Same(tenant[SectionsProperty], merged[SectionsProperty]) || merged[SectionsProperty] is not JsonArray sections)
        {
            return null;
        }

        var request = new LayoutRequest(sections.Deserialize<List<LayoutSectionRequest?>>(Json));
        return Refused(await layoutEditor.SaveAsync(row.Name, request, plan.Actor, cancellationToken), $"{row.Kind} {row.Name}", path => path);
    }

    /// <summary>The layouts of the pack's own entities and those it placed on its dependencies' entities go when it is uninstalled.</summary>
    private async Task RemoveLayoutsAsync(string packId, CancellationToken cancellationToken)
    {
        var entityIds = await db.PackComponents.Where(c => c.PackId == packId && (c.Kind == PackComponentKinds.Layout || c.Kind == PackComponentKinds.Entity))
            .Select(c => c.ComponentId).ToListAsync(cancellationToken);
        db.Layouts.RemoveRange(await db.Layouts.Where(l => entityIds.Contains(l.EntityId)).ToListAsync(cancellationToken));
    }

    private static LayoutRequest LayoutRequestOf(PackLayout layout) =>
        new([.. layout.Sections.Select(s => new LayoutSectionRequest(s.ApiName, s.Label.ToDictionary(t => t.Key, t => (string?)t.Value, StringComparer.Ordinal), s.Columns ?? 1, [.. s.Fields]))]);

    /// <summary>The layout as one merge property: its sections with labels in culture order, explicit columns and fields as given.</summary>
    private static JsonObject LayoutMap(LayoutRequest layout) => new()
    {
        [SectionsProperty] = new JsonArray([.. (layout.Sections ?? []).OfType<LayoutSectionRequest>().Select(s => (JsonNode)new JsonObject
        {
            ["apiName"] = s.ApiName,
            ["label"] = new JsonObject([.. (s.Label ?? []).Where(t => t.Value is not null).OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
            ["columns"] = s.Columns ?? 1,
            ["fields"] = new JsonArray([.. (s.Fields ?? []).Select(f => (JsonNode?)JsonValue.Create(f))]),
        })]),
    };
}
