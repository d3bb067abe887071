using Saas.Platform.Metadata;
using Saas.Platform.Querying;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    /// <summary>
    /// Each file of <c>views/</c>: the entity is the pack's or a dependency's; api names are valid, unique per entity and
    /// (for a partner) prefixed; the columns exist; the filter and order compile against the entity as a tenant will have
    /// it (extensions included) with the query service's own rules, so only indexed fields; at most one default.
    /// </summary>
    private void CheckViews(PackDefinition pack, PackScope scope, List<PackProblem> problems)
    {
        if (pack.Views.Count == 0)
        {
            return;
        }

        var snapshot = SnapshotOf([.. scope.Entities()], scope);
        var prefix = pack.Manifest.Publisher == PackFiles.PlatformPublisher ? null : pack.Manifest.Prefix + "_";
        foreach (var file in pack.Views)
        {
            if (scope.Entity(file.Entity) is null || snapshot.FindEntity(file.Entity) is not { } entity)
            {
                problems.Add(new(file.File, string.Empty, $"There is no entity '{file.Entity}' in this pack or its dependencies; name the file after the entity's api name."));
                continue;
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var defaults = 0;
            for (var i = 0; i < file.Views.Count; i++)
            {
                var view = file.Views[i];
                var path = $"views[{i}]";
                if (MetadataApiName.ValidateValueName(view.ApiName) is { } why)
                {
                    problems.Add(new(file.File, $"{path}.apiName", why));
                }
                else if (!names.Add(view.ApiName))
                {
                    problems.Add(new(file.File, $"{path}.apiName", $"'{view.ApiName}' is given twice; view names are unique per entity, in any case."));
                }
                else if (prefix is not null && !view.ApiName.StartsWith(prefix, StringComparison.Ordinal))
                {
                    problems.Add(new(file.File, $"{path}.apiName", $"'{view.ApiName}' must start with the pack's prefix '{prefix}'."));
                }

                var columns = view.Columns ?? [];
                for (var c = 0; c < columns.Count; c++)
                {
                    if (QueryCheck.Column(entity, columns[c]) is null)
                    {
                        problems.Add(new(file.File, $"{path}.columns[{c}]", $"The entity '{entity.ApiName}' has no field '{columns[c]}'."));
                    }
                }

                foreach (var (key, messages) in QueryCheck.Check(compiler, entity, view.Filter, view.OrderBy))
                {
                    problems.AddRange(messages.Select(m => new PackProblem(file.File, $"{path}.{key}", m)));
                }

                if (view.Default == true && ++defaults == 2)
                {
                    problems.Add(new(file.File, $"{path}.default", $"Another view of '{entity.ApiName}' is the default already; an entity has at most one."));
                }
            }
        }

        foreach (var twice in pack.Views.GroupBy(v => v.Entity, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add(new(twice.Last().File, string.Empty, $"The views of '{twice.Key}' are also given in {twice.First().File}; give an entity's views in one file."));
        }
    }
}
