using Saas.Platform.Metadata;
using Saas.Platform.Reports;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    /// <summary>
    /// Each file of <c>dashboards/</c>: a valid api name (the file's name; prefixed for a partner; not a dependency's
    /// dashboard), the dashboards API's own shape rules, and each widget's report checked against its entity as a tenant
    /// will have it (the pack's or a dependency's, extensions included) with the reports service's rules: groupable and
    /// indexed groupBy, a number field for sum / avg / min / max, an interval only on dates, a filter that compiles.
    /// </summary>
    private void CheckDashboards(PackDefinition pack, PackScope scope, IReadOnlyList<PackDefinition> dependencies, List<PackProblem> problems)
    {
        if (pack.Dashboards.Count == 0)
        {
            return;
        }

        var snapshot = SnapshotOf([.. scope.Entities()], scope);
        var prefix = pack.Manifest.Publisher == PackFiles.PlatformPublisher || pack.Manifest.Prefix is null ? null : pack.Manifest.Prefix + "_";
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var dashboard in pack.Dashboards)
        {
            var file = dashboard.File;
            if (MetadataApiName.ValidateValueName(dashboard.Name) is { } why)
            {
                problems.Add(new(file, string.Empty, $"'{dashboard.Name}' (the file's name) is not a dashboard name: {why}"));
            }
            else if (!names.TryAdd(dashboard.Name, file))
            {
                problems.Add(new(file, string.Empty, $"The dashboard '{dashboard.Name}' is also given in {names[dashboard.Name]}; dashboard names are unique, in any case."));
            }
            else if (dependencies.FirstOrDefault(d => d.Dashboards.Any(x => string.Equals(x.Name, dashboard.Name, StringComparison.OrdinalIgnoreCase))) is { } owner)
            {
                problems.Add(new(file, string.Empty, $"The pack '{owner.Id}' has a dashboard '{dashboard.Name}' already; give this one another name."));
            }
            else if (prefix is not null && !dashboard.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                problems.Add(new(file, string.Empty, $"The dashboard's name '{dashboard.Name}' (its file's name) must start with the pack's prefix '{prefix}'."));
            }

            if (dashboard.ApiName is { } apiName && !string.Equals(apiName, dashboard.Name, StringComparison.Ordinal))
            {
                problems.Add(new(file, "apiName", $"'{apiName}' is not the file's name '{dashboard.Name}'; a dashboard's api name is its file's name, so leave it out or make them agree."));
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            Dashboards.CheckShape(dashboard.Label, dashboard.Widgets, errors);
            for (var i = 0; i < dashboard.Widgets.Count; i++)
            {
                var widget = dashboard.Widgets[i];
                var path = $"widgets[{i}]";
                if (string.IsNullOrEmpty(widget.Entity))
                {
                    continue;
                }

                if (scope.Entity(widget.Entity) is null || snapshot.FindEntity(widget.Entity) is not { } entity)
                {
                    errors[$"{path}.entity"] = [$"There is no entity '{widget.Entity}' in this pack or its dependencies."];
                    continue;
                }

                foreach (var (parameter, messages) in ReportService.Check(compiler, entity, Dashboards.RequestOf(widget)))
                {
                    errors[Dashboards.ParameterPath(path, parameter)] = messages;
                }
            }

            problems.AddRange(errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Select(m => new PackProblem(file, e.Key, m))));
        }
    }
}
