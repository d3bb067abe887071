using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Views;

namespace Saas.Platform.Packs;

internal sealed partial class PackExporter
{
    /// <summary>
    /// The shared list views of the exported entities, as <c>views/{entity}.yaml</c>; a partner's view names get the
    /// prefix. Views an installed pack provides are left out unless packs are included.
    /// </summary>
    private async Task AddViewsAsync(
        SortedDictionary<string, string> files, HashSet<string> entities, HashSet<Guid> packViews, bool includePacks, string? prefix, CancellationToken cancellationToken)
    {
        var start = string.IsNullOrWhiteSpace(prefix) ? string.Empty : $"{prefix.Trim()}_";
        var views = await db.SharedViews.AsNoTracking().OrderBy(v => v.Entity).ThenBy(v => v.ApiName).ToListAsync(cancellationToken);
        foreach (var group in views.Where(v => entities.Contains(v.Entity) && (includePacks || !packViews.Contains(v.Id))).GroupBy(v => v.Entity, StringComparer.OrdinalIgnoreCase))
        {
            var list = new JsonArray();
            foreach (var view in group)
            {
                var label = new JsonObject();
                foreach (var (culture, text) in SharedViews.LabelOf(view.Label))
                {
                    label[culture] = text;
                }

                var json = new JsonObject
                {
                    ["apiName"] = view.ApiName.StartsWith(start, StringComparison.Ordinal) ? view.ApiName : start + view.ApiName,
                    ["label"] = label,
                };
                if (view.Columns.Length > 0)
                {
                    json["columns"] = new JsonArray([.. view.Columns.Split(',').Select(c => (JsonNode?)c)]);
                }

                if (view.Filter is not null)
                {
                    json["filter"] = view.Filter;
                }

                if (view.OrderBy is not null)
                {
                    json["orderBy"] = view.OrderBy;
                }

                if (view.IsDefault)
                {
                    json["default"] = true;
                }

                list.Add(json);
            }

            files[$"{PackFiles.ViewsFolder}/{group.Key}.yaml"] = PackYaml.Write(new JsonObject { ["views"] = list });
        }
    }
}
