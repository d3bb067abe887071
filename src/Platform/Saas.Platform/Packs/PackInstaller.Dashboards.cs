using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Reports;
using UUIDNext;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's dashboards (<c>dashboards/{apiName}.yaml</c>): created in the install's transaction, merged three ways on
/// upgrade over <c>label.{culture}</c> and <c>widgets</c> (the widget list is one property, so a tenant's edit of any
/// widget keeps the tenant's list), left in place as the tenant has them when a version drops them, deleted on uninstall.
/// </summary>
internal sealed partial class PackInstaller
{
    /// <summary>How a dashboard's widgets are kept and compared: the dashboards service's JSON, without absent parameters.</summary>
    private static readonly JsonSerializerOptions WidgetJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private async Task<PackInstallOutcome?> CreateDashboardsAsync(InstallRun run, IEnumerable<PackDashboard> dashboards, string? previousVersion, CancellationToken cancellationToken)
    {
        foreach (var dashboard in dashboards)
        {
            if (await db.Dashboards.AnyAsync(d => d.ApiName == dashboard.Name, cancellationToken))
            {
                return PackInstallOutcome.Invalid(
                    [new PackProblem(dashboard.File, string.Empty, $"The tenant has a dashboard '{dashboard.Name}' already; rename or delete it first.")],
                    "A dashboard of the pack would replace one of the tenant's; nothing was changed.");
            }

            var now = clock.GetUtcNow();
            var row = new Dashboard { Id = Uuid.NewSequential(), ApiName = dashboard.Name, Label = "{}", Widgets = "[]", CreatedAt = now, ModifiedAt = now };
            SetDashboard(row, DashboardMap(dashboard));
            db.Dashboards.Add(row);
            run.Added(PackComponentKinds.Dashboard, dashboard.Name, row.Id, JsonSerializer.Serialize(dashboard, Json), DashboardMap(dashboard).ToJsonString(), previousVersion);
        }

        return null;
    }

    /// <summary>Plans the pack's dashboards: new ones added, the others merged; those the version lacks are deprecated and left as the tenant has them.</summary>
    private async Task PlanDashboardsAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        foreach (var dashboard in plan.Run!.Pack.Dashboards)
        {
            var map = DashboardMap(dashboard);
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.Dashboard && r.Name == dashboard.Name) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.Dashboard, dashboard.Name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Run.Dashboards.Add(dashboard);
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old?.Dashboards.FirstOrDefault(d => d.Name == dashboard.Name) is { } before ? DashboardMap(before) : null;
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, JsonSerializer.Serialize(dashboard, Json)));
        }
    }

    private async Task<JsonObject?> TenantDashboardMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        await db.Dashboards.AsNoTracking().FirstOrDefaultAsync(d => d.Id == row.ComponentId, cancellationToken) is { } stored ? DashboardMap(stored) : null;

    /// <summary>Writes the merged dashboard when it differs from the tenant's.</summary>
    private async Task UpdateDashboardAsync(PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        if (!PackProperties.Same(tenant, merged) && await db.Dashboards.FirstOrDefaultAsync(d => d.Id == row.ComponentId, cancellationToken) is { } stored)
        {
            SetDashboard(stored, merged);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>An uninstall deletes the pack's dashboards.</summary>
    private async Task RemoveDashboardsAsync(string packId, CancellationToken cancellationToken)
    {
        var ids = await db.PackComponents.Where(c => c.PackId == packId && c.Kind == PackComponentKinds.Dashboard).Select(c => c.ComponentId).ToListAsync(cancellationToken);
        db.Dashboards.RemoveRange(await db.Dashboards.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken));
    }

    private void SetDashboard(Dashboard dashboard, JsonObject map)
    {
        var label = map.Where(p => p.Key.StartsWith("label.", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key["label.".Length..], p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        dashboard.Label = JsonSerializer.Serialize(label, Json);
        dashboard.Widgets = JsonSerializer.Serialize(map["widgets"]?.Deserialize<List<DashboardWidget>>(WidgetJson) ?? [], Json);
        dashboard.ModifiedAt = clock.GetUtcNow();
    }

    private static JsonObject DashboardMap(PackDashboard dashboard) => DashboardMap(dashboard.Label, dashboard.Widgets);

    private static JsonObject DashboardMap(Dashboard dashboard) => DashboardMap(
        JsonSerializer.Deserialize<Dictionary<string, string>>(dashboard.Label, Json)!,
        JsonSerializer.Deserialize<List<DashboardWidget>>(dashboard.Widgets, Json)!);

    /// <summary>The label per culture as <c>label.{culture}</c>, and the widgets as one property, in one normal form.</summary>
    private static JsonObject DashboardMap(IReadOnlyDictionary<string, string> label, IReadOnlyList<DashboardWidget> widgets)
    {
        var map = new JsonObject { ["widgets"] = JsonSerializer.SerializeToNode(widgets.Select(Normal).ToList(), WidgetJson) };
        foreach (var (culture, text) in label.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            map[$"label.{culture}"] = text;
        }

        return map;
    }

    /// <summary>A widget with its titles in culture order and blank parameters as absent, so equal widgets compare equal.</summary>
    private static DashboardWidget Normal(DashboardWidget widget) => widget with
    {
        Title = widget.Title?.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        GroupBy = Blank(widget.GroupBy), Interval = Blank(widget.Interval), Aggregate = Blank(widget.Aggregate), Field = Blank(widget.Field), Filter = Blank(widget.Filter)?.Trim(),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
