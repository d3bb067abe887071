using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Reports;

namespace Saas.Platform.Packs;

internal sealed partial class PackExporter
{
    /// <summary>
    /// The tenant's dashboards as <c>dashboards/{apiName}.yaml</c>, in the API's shape; a partner's names get the prefix.
    /// A dashboard whose widgets read an entity of an installed pack makes that pack a dependency; one reading an entity
    /// that is neither exported nor a pack's is left out with a note. Dashboards an installed pack provides are left out
    /// unless packs are included, and then only with the entities they read.
    /// </summary>
    private async Task AddDashboardsAsync(
        SortedDictionary<string, string> files, List<string> notes, SortedDictionary<string, string> dependencies, HashSet<string> entities,
        Dictionary<string, string> packOfEntity, Dictionary<string, string> installed, HashSet<Guid> packDashboards, bool includePacks, string? prefix,
        CancellationToken cancellationToken)
    {
        var start = string.IsNullOrWhiteSpace(prefix) ? string.Empty : $"{prefix.Trim()}_";
        var dashboards = await db.Dashboards.AsNoTracking().OrderBy(d => d.ApiName).ToListAsync(cancellationToken);
        foreach (var dashboard in dashboards.Where(d => includePacks || !packDashboards.Contains(d.Id)))
        {
            var widgets = JsonSerializer.Deserialize<List<DashboardWidget>>(dashboard.Widgets, Json) ?? [];
            var needed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var missing = new List<string>();
            var fromPack = packDashboards.Contains(dashboard.Id);
            foreach (var entity in widgets.Select(w => w.Entity ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase).Where(e => !entities.Contains(e)))
            {
                // A pack's dashboard goes with its entities; only the tenant's own may read a pack's entities through a dependency.
                if (!fromPack && packOfEntity.TryGetValue(entity, out var pack) && installed.TryGetValue(pack, out var version))
                {
                    needed[pack] = $"^{version}";
                }
                else
                {
                    missing.Add(entity);
                }
            }

            if (missing.Count > 0)
            {
                notes.Add($"dashboard {dashboard.ApiName}: left out; its widgets read {string.Join(", ", missing)}, which this export does not hold.");
                continue;
            }

            foreach (var (pack, range) in needed)
            {
                dependencies[pack] = range;
            }

            var name = dashboard.ApiName.StartsWith(start, StringComparison.Ordinal) ? dashboard.ApiName : start + dashboard.ApiName;
            var file = new JsonObject
            {
                ["label"] = JsonNode.Parse(dashboard.Label),
                ["widgets"] = JsonSerializer.SerializeToNode(widgets, Json),
            };
            files[$"{PackFiles.DashboardsFolder}/{name}.yaml"] = PackYaml.Write(file);
        }
    }
}
