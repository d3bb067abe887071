using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Layouts;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

internal sealed partial class PackExporter
{
    /// <summary>
    /// The layout the tenant stored for each exported entity, as <c>layouts/{entity}.yaml</c>: the sections as stored,
    /// without the fields the export leaves out (deleted ones, roll-ups); a partner's prefix goes before section names
    /// that lack it. An entity on the default layout gets no file.
    /// </summary>
    private async Task AddLayoutsAsync(SortedDictionary<string, string> files, IReadOnlyList<EntityDefinition> entities, string? prefix, CancellationToken cancellationToken)
    {
        var start = string.IsNullOrWhiteSpace(prefix) ? string.Empty : $"{prefix.Trim()}_";
        var ids = entities.Select(e => e.Id).ToList();
        var stored = await db.Layouts.AsNoTracking().Where(l => ids.Contains(l.EntityId)).ToDictionaryAsync(l => l.EntityId, cancellationToken);
        foreach (var entity in entities)
        {
            if (!stored.TryGetValue(entity.Id, out var layout))
            {
                continue;
            }

            var exported = entity.Fields.Where(f => f.Type != FieldType.Rollup).Select(f => f.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var sections = new JsonArray();
            foreach (var section in LayoutService.Read(layout))
            {
                sections.Add(new JsonObject
                {
                    ["apiName"] = section.ApiName.StartsWith(start, StringComparison.Ordinal) ? section.ApiName : start + section.ApiName,
                    ["label"] = new JsonObject([.. section.Label.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
                    ["columns"] = section.Columns,
                    ["fields"] = new JsonArray([.. section.Fields.Where(exported.Contains).Select(f => (JsonNode?)JsonValue.Create(f))]),
                });
            }

            files[$"{PackFiles.LayoutsFolder}/{entity.ApiName}.yaml"] = PackYaml.Write(new JsonObject { ["entity"] = entity.ApiName, ["sections"] = sections });
        }
    }
}
