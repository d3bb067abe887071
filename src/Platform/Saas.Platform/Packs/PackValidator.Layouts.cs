using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    /// <summary>
    /// The pack's form layouts: one file per entity, named after it; the entity is the pack's or a dependency's (one that
    /// dependency ships no layout of); sections named once (prefixed for a partner), and every field exists in the pack's
    /// scope (extensions included) and is placed once.
    /// </summary>
    private static void CheckLayouts(PackDefinition pack, PackScope scope, IReadOnlyList<PackDefinition> dependencies, List<PackProblem> problems)
    {
        var prefix = pack.Manifest.Publisher == PackFiles.PlatformPublisher || pack.Manifest.Prefix is null ? null : pack.Manifest.Prefix + "_";
        var entities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layout in pack.Layouts)
        {
            var file = layout.File;
            if (!string.Equals(file, $"{PackFiles.LayoutsFolder}/{layout.Entity}.yaml", StringComparison.Ordinal))
            {
                problems.Add(new(file, "entity", $"The layout of '{layout.Entity}' belongs in {PackFiles.LayoutsFolder}/{layout.Entity}.yaml."));
            }

            if (!entities.Add(layout.Entity))
            {
                problems.Add(new(file, "entity", $"The entity '{layout.Entity}' has another layout in this pack."));
            }

            if (scope.Entity(layout.Entity) is not { } entity)
            {
                problems.Add(new(file, "entity", $"Neither this pack nor its dependencies define an entity '{layout.Entity}'."));
                continue;
            }

            if (dependencies.FirstOrDefault(d => d.Layouts.Any(l => string.Equals(l.Entity, layout.Entity, StringComparison.OrdinalIgnoreCase))) is { } owner)
            {
                problems.Add(new(file, "entity", $"The pack '{owner.Id}' lays out '{layout.Entity}' already; the fields this pack adds show in its form's trailing section."));
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var placed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < layout.Sections.Count; i++)
            {
                var section = layout.Sections[i];
                var path = $"sections[{i}]";
                if (MetadataApiName.ValidateValueName(section.ApiName) is { } why)
                {
                    problems.Add(new(file, $"{path}.apiName", why));
                }
                else if (!names.Add(section.ApiName))
                {
                    problems.Add(new(file, $"{path}.apiName", $"'{section.ApiName}' is given twice; section names are unique in a layout, in any case."));
                }
                else if (prefix is not null && !section.ApiName.StartsWith(prefix, StringComparison.Ordinal))
                {
                    problems.Add(new(file, $"{path}.apiName", $"'{section.ApiName}' must start with the pack's prefix '{prefix}'."));
                }

                for (var j = 0; j < section.Fields.Count; j++)
                {
                    var field = section.Fields[j];
                    if (!entity.Fields.Any(f => string.Equals(f.ApiName, field, StringComparison.OrdinalIgnoreCase)))
                    {
                        problems.Add(new(file, $"{path}.fields[{j}]", $"The entity '{entity.ApiName}' has no field '{field}' in this pack or its dependencies."));
                    }
                    else if (!placed.TryAdd(field, $"{path}.fields[{j}]"))
                    {
                        problems.Add(new(file, $"{path}.fields[{j}]", $"The field '{field}' is placed already, at {placed[field]}; a field appears once in a layout."));
                    }
                }
            }
        }
    }
}
