using System.Text.Json;

namespace Saas.Platform.Packs;

/// <summary>What reading a pack came to: the pack (when every file could be read) and the problems found on the way.</summary>
public sealed record PackReadResult(PackDefinition? Pack, IReadOnlyList<PackProblem> Problems);

/// <summary>
/// Reads a pack from its files (a folder, or the entries of a zip): parses YAML and CSV, checks every file against its
/// JSON Schema and maps it to the pack model. References between files are checked later, by <see cref="PackValidator"/>.
/// </summary>
public static class PackReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] WorkflowExtensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads the pack in <paramref name="folder"/>.</summary>
    public static PackReadResult ReadFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        return Read(files);
    }

    /// <summary>The version a manifest file declares, or null when it cannot be read (the full read reports why).</summary>
    public static SemVersion? ReadVersion(string manifestFile) =>
        YamlJson.Parse(File.ReadAllText(manifestFile)) is ({ } node, null) && node is System.Text.Json.Nodes.JsonObject manifest
            && manifest["version"] is System.Text.Json.Nodes.JsonValue version && version.TryGetValue<string>(out var text)
            ? SemVersion.TryParse(text)
            : null;

    /// <summary>Reads a pack from its files' texts, keyed by path relative to the pack folder (with <c>/</c>).</summary>
    public static PackReadResult Read(IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<PackProblem>();
        if (!files.TryGetValue(PackFiles.Manifest, out var manifestText))
        {
            problems.Add(new(PackFiles.Manifest, string.Empty, "Every pack has a pack.yaml manifest at its root."));
            return new(null, problems);
        }

        var manifest = Load<PackManifest>(PackFiles.Manifest, manifestText, PackSchemas.Manifest, problems);
        var entities = new List<PackEntity>();
        var picklists = new Dictionary<string, PackPicklist>(StringComparer.Ordinal);
        var sets = new List<PackPermissionSet>();
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var translations = new Dictionary<string, PackTranslations>(StringComparer.Ordinal);
        var data = new List<PackTable>();
        var workflows = new List<PackWorkflow>();
        var views = new List<PackViewFile>();
        var layouts = new List<PackLayout>();
        var dashboards = new List<PackDashboard>();

        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var folder = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : string.Empty;
            var name = file[(file.LastIndexOf('/') + 1)..];
            switch (folder)
            {
                case "" when file is PackFiles.Manifest || name.StartsWith("README", StringComparison.OrdinalIgnoreCase):
                    break;
                case "" when file is PackFiles.Picklists:
                    if (Load<PicklistsFile>(file, text, PackSchemas.Picklists, problems) is { } lists)
                    {
                        foreach (var (key, list) in lists.Picklists)
                        {
                            picklists[key] = list;
                        }
                    }

                    break;
                case "" when file is PackFiles.Permissions:
                    if (Load<PermissionsFile>(file, text, PackSchemas.Permissions, problems) is { } permissions)
                    {
                        sets.AddRange(permissions.PermissionSets ?? []);
                        foreach (var (role, names) in permissions.Roles ?? [])
                        {
                            roles[role] = names;
                        }
                    }

                    break;
                case PackFiles.EntitiesFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackEntity>(file, text, PackSchemas.Entity, problems) is { } entity)
                    {
                        entities.Add(entity with { File = file });
                    }

                    break;
                case PackFiles.ExtensionsFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackExtension>(file, text, PackSchemas.Extension, problems) is { } extension)
                    {
                        entities.Add(extension.ToEntity(file));
                    }

                    break;
                case PackFiles.TranslationsFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackTranslations>(file, text, PackSchemas.Translations, problems) is { } texts)
                    {
                        translations[name[..^".yaml".Length]] = texts;
                    }

                    break;
                case PackFiles.WorkflowsFolder when WorkflowName(name) is { } workflowName:
                    if (Load<Workflows.WorkflowDocument>(file, text, PackSchemas.Workflow, problems) is { } workflow)
                    {
                        workflows.Add(new PackWorkflow(workflowName, file, workflow));
                    }

                    break;
                case PackFiles.ViewsFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackViewFile>(file, text, PackSchemas.View, problems) is { } viewFile)
                    {
                        views.Add(viewFile with { Entity = name[..^".yaml".Length], File = file });
                    }

                    break;
                case PackFiles.LayoutsFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackLayout>(file, text, PackSchemas.Layout, problems) is { } layout)
                    {
                        layouts.Add(layout with { File = file });
                    }

                    break;
                case PackFiles.DashboardsFolder when name.EndsWith(".yaml", StringComparison.Ordinal):
                    if (Load<PackDashboard>(file, text, PackSchemas.Dashboard, problems) is { } dashboard)
                    {
                        dashboards.Add(dashboard with { Name = name[..^".yaml".Length], File = file });
                    }

                    break;
                case PackFiles.DataFolder when name.EndsWith(".csv", StringComparison.Ordinal):
                    if (ReadCsv(file, name[..^".csv".Length], text, problems) is { } table)
                    {
                        data.Add(table);
                    }

                    break;
                default:
                    problems.Add(new(file, string.Empty,
                        "Not a file a pack may hold: pack.yaml, picklists.yaml, permissions.yaml, entities/*.yaml, extensions/*.yaml, workflows/*.yaml (or .json), " +
                        "layouts/{entity}.yaml, views/{entity}.yaml, dashboards/{apiName}.yaml, translations/{culture}.yaml and data/{entity}.csv."));
                    break;
            }
        }

        return manifest is null || problems.Count > 0
            ? new(null, problems)
            : new(new PackDefinition(manifest, entities, picklists, sets, roles, translations, data) { Workflows = workflows, Views = views, Layouts = layouts, Dashboards = dashboards }, problems);
    }

    /// <summary>The workflow's name from its file's name (<c>welcome.yaml</c>, <c>welcome.json</c>); null for other files.</summary>
    private static string? WorkflowName(string fileName) =>
        WorkflowExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.Ordinal)) is { } extension ? fileName[..^extension.Length] : null;

    private static T? Load<T>(string file, string text, string schema, List<PackProblem> problems)
        where T : class
    {
        var (node, error) = YamlJson.Parse(text);
        if (error is not null)
        {
            problems.Add(new(file, string.Empty, error));
            return null;
        }

        var broken = PackSchemas.Check(schema, node);
        problems.AddRange(broken.Select(b => new PackProblem(file, b.Path, b.Reason)));
        return broken.Count > 0 ? null : node.Deserialize<T>(Json);
    }

    private static PackTable? ReadCsv(string file, string entity, string text, List<PackProblem> problems)
    {
        var (records, error) = Csv.Parse(text);
        if (error is not null)
        {
            problems.Add(new(file, string.Empty, $"Not valid CSV: {error}"));
            return null;
        }

        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
        {
            problems.Add(new(file, string.Empty, "The first line must name the columns (field api names)."));
            return null;
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (var r = 1; r < records.Count; r++)
        {
            if (records[r].Count != header.Count)
            {
                problems.Add(new(file, $"rows[{r - 1}] (line {r + 1})", $"The row has {records[r].Count} cells; the header names {header.Count} columns."));
                continue;
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(records[r][i]))
                {
                    row[header[i]] = records[r][i].Trim();
                }
            }

            rows.Add(row);
        }

        return new PackTable(entity, file, header, rows);
    }

    private sealed record PicklistsFile(Dictionary<string, PackPicklist> Picklists);

    private sealed record PermissionsFile(List<PackPermissionSet>? PermissionSets, Dictionary<string, List<string>>? Roles);
}
