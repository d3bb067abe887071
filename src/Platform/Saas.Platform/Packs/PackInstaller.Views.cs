using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Views;
using UUIDNext;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's shared list views (<c>views/{entity}.yaml</c>): created in the install's transaction, merged three ways on
/// upgrade over <c>label.{culture}</c>, <c>columns</c>, <c>filter</c>, <c>orderBy</c> and <c>default</c> (a tenant's
/// edit stays), left in place as the tenant has them when a version drops them, deleted on uninstall.
/// </summary>
internal sealed partial class PackInstaller
{
    private static IEnumerable<(PackViewFile File, PackView View)> ViewsOf(PackDefinition pack) =>
        pack.Views.SelectMany(f => f.Views.Select(v => (f, v)));

    private static string ViewName(PackViewFile file, PackView view) => $"{file.Entity}.{view.ApiName}";

    private async Task<PackInstallOutcome?> CreateViewsAsync(
        InstallRun run, IEnumerable<(PackViewFile File, PackView View)> views, string? previousVersion, CancellationToken cancellationToken)
    {
        foreach (var (file, view) in views)
        {
            var entity = run.Scope.Entity(file.Entity)?.ApiName ?? file.Entity;
            if (await db.SharedViews.AnyAsync(v => v.Entity == entity && v.ApiName == view.ApiName, cancellationToken))
            {
                return PackInstallOutcome.Invalid(
                    [new PackProblem(file.File, "apiName", $"The tenant has a shared view '{view.ApiName}' of '{entity}' already; rename or delete it first.")],
                    "A view of the pack would replace one of the tenant's; nothing was changed.");
            }

            var now = clock.GetUtcNow();
            var row = new SharedView { Id = Uuid.NewSequential(), Entity = entity, ApiName = view.ApiName, Label = "{}", Columns = string.Empty, CreatedAt = now, ModifiedAt = now };
            await SetViewAsync(row, ViewMap(view), cancellationToken);
            db.SharedViews.Add(row);
            run.Added(PackComponentKinds.View, ViewName(file, view), row.Id, JsonSerializer.Serialize(view, Json), ViewMap(view).ToJsonString(), previousVersion);
        }

        return null;
    }

    /// <summary>Plans the pack's views: new ones added, the others merged; those the version lacks are deprecated and left as the tenant has them.</summary>
    private async Task PlanViewsAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        foreach (var (file, view) in ViewsOf(plan.Run!.Pack))
        {
            var name = ViewName(file, view);
            var map = ViewMap(view);
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.View && r.Name == name) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.View, name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Run.Views.Add((file, view));
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old is not null && ViewsOf(old).FirstOrDefault(v => ViewName(v.File, v.View) == name) is { View: { } before } ? ViewMap(before) : null;
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, JsonSerializer.Serialize(view, Json)));
        }
    }

    private async Task<JsonObject?> TenantViewMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        await db.SharedViews.AsNoTracking().FirstOrDefaultAsync(v => v.Id == row.ComponentId, cancellationToken) is { } stored ? ViewMap(stored) : null;

    /// <summary>Writes the merged view when it differs from the tenant's.</summary>
    private async Task UpdateViewAsync(PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        if (!PackProperties.Same(tenant, merged) && await db.SharedViews.FirstOrDefaultAsync(v => v.Id == row.ComponentId, cancellationToken) is { } stored)
        {
            await SetViewAsync(stored, merged, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>An uninstall deletes the pack's views.</summary>
    private async Task RemoveViewsAsync(string packId, CancellationToken cancellationToken)
    {
        var ids = await db.PackComponents.Where(c => c.PackId == packId && c.Kind == PackComponentKinds.View).Select(c => c.ComponentId).ToListAsync(cancellationToken);
        db.SharedViews.RemoveRange(await db.SharedViews.Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken));
    }

    /// <summary>Sets a view from its property map; a default view takes the flag from the entity's other views.</summary>
    private async Task SetViewAsync(SharedView view, JsonObject map, CancellationToken cancellationToken)
    {
        var label = map.Where(p => p.Key.StartsWith("label.", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key["label.".Length..], p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        view.Label = JsonSerializer.Serialize(label, Json);
        view.Columns = map["columns"]?.GetValue<string>() ?? string.Empty;
        view.Filter = map["filter"]?.GetValue<string>();
        view.OrderBy = map["orderBy"]?.GetValue<string>();
        view.IsDefault = map["default"]?.GetValue<bool>() == true;
        view.ModifiedAt = clock.GetUtcNow();
        if (view.IsDefault)
        {
            foreach (var other in await db.SharedViews.Where(v => v.Entity == view.Entity && v.Id != view.Id && v.IsDefault).ToListAsync(cancellationToken))
            {
                other.IsDefault = false;
            }
        }
    }

    private static JsonObject ViewMap(PackView view) =>
        ViewMap(view.Label, string.Join(',', view.Columns ?? []), view.Filter, view.OrderBy, view.Default == true);

    private static JsonObject ViewMap(SharedView view) =>
        ViewMap(SharedViews.LabelOf(view.Label), view.Columns, view.Filter, view.OrderBy, view.IsDefault);

    private static JsonObject ViewMap(IReadOnlyDictionary<string, string> label, string columns, string? filter, string? orderBy, bool isDefault)
    {
        var map = new JsonObject { ["columns"] = columns, ["default"] = isDefault };
        foreach (var (culture, text) in label.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            map[$"label.{culture}"] = text;
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            map["filter"] = filter.Trim();
        }

        if (!string.IsNullOrWhiteSpace(orderBy))
        {
            map["orderBy"] = orderBy.Trim();
        }

        return map;
    }
}
