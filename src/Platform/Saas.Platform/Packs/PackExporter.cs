using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Workflows;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

/// <summary>
/// What to export: the manifest's id, publisher, prefix, version and English name, which entities, and (SampleData, 1 to
/// 1000) how many records of each exported entity to write as sample data; none when absent.
/// </summary>
public sealed record PackExportRequest(string? Id, string? Publisher, string? Prefix, string? Version, string? Name, string? Entities, bool? IncludePacks, int? SampleData = null);

/// <summary>
/// The tenant's configuration as the files of a pack folder (path → text), what was left out and why, and every problem
/// the pack validator finds in those files (none means the folder validates as written).
/// </summary>
public sealed record PackExportFiles(IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> Notes, IReadOnlyList<PackProblem> Problems);

/// <summary>An export, or why the request cannot be answered (errors keyed by query parameter).</summary>
internal sealed record PackExportOutcome(PackExportFiles? Export, Dictionary<string, string[]>? Errors);

/// <summary>
/// Maps the current tenant's entities, fields, picklists, labels (en and zh-CN), validation rules, form layouts, dashboards, published
/// workflows, permission sets with their roles and (when asked) records as sample data to the pack format (docs/packs.md),
/// the reverse of what <see cref="PackInstaller"/> does, then reads the files back with <see cref="PackReader"/> and
/// validates them with the catalog's <see cref="PackValidator"/>. By default only the tenant's own components are
/// exported; those an installed pack provides only when asked.
/// </summary>
internal sealed partial class PackExporter(
    TenantDbContext db, IMetadataService metadata, WorkflowDefinitions workflows, PackCatalog catalog, PackValidator validator, CatalogDbContext catalogDb, Tenancy.ITenantAccessor tenants)
{
    private const string Chinese = "zh-CN";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<PackExportOutcome> ExportAsync(PackExportRequest request, CancellationToken cancellationToken)
    {
        if (request.SampleData is < 1 or > MaxSampleRows)
        {
            return new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["sampleData"] = [$"Give the number of records per entity, 1 to {MaxSampleRows}."] });
        }

        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var components = await db.PackComponents.AsNoTracking().Select(c => new { c.PackId, c.Kind, c.Name, c.ComponentId }).ToListAsync(cancellationToken);
        var installed = await db.InstalledPacks.AsNoTracking().ToDictionaryAsync(p => p.PackId, p => p.Version, cancellationToken);
        var packOfEntity = components.Where(c => c.Kind == PackComponentKinds.Entity).GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().PackId, StringComparer.OrdinalIgnoreCase);
        var packFields = components.Where(c => c.Kind == PackComponentKinds.Field).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var packWorkflows = components.Where(c => c.Kind == PackComponentKinds.Workflow).ToDictionary(c => c.ComponentId, c => c.PackId);
        var includePacks = request.IncludePacks == true;

        var chosen = new List<EntityDefinition>();
        var notes = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Entities))
        {
            chosen.AddRange(snapshot.Entities.Where(e => includePacks || !packOfEntity.ContainsKey(e.ApiName)));
        }
        else
        {
            var errors = new List<string>();
            foreach (var name in request.Entities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (snapshot.FindEntity(name) is not { } entity)
                {
                    errors.Add($"The tenant has no entity '{name}'.");
                }
                else if (!includePacks && packOfEntity.TryGetValue(entity.ApiName, out var pack))
                {
                    errors.Add($"The entity '{entity.ApiName}' comes from the installed pack '{pack}'; ask for includePacks=true to export it too.");
                }
                else
                {
                    chosen.Add(entity);
                }
            }

            if (errors.Count > 0)
            {
                return new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["entities"] = [.. errors] });
            }
        }

        var names = new HashSet<string>(chosen.Select(e => e.ApiName), StringComparer.OrdinalIgnoreCase);

        // Fields the tenant added to an installed pack's entity become an extension of that entity, the pack a dependency.
        var extended = snapshot.Entities.Where(e => !names.Contains(e.ApiName) && packOfEntity.ContainsKey(e.ApiName))
            .Select(e => e with { Fields = [.. e.Fields.Where(f => !packFields.Contains($"{e.ApiName}.{f.ApiName}"))] })
            .Where(e => e.Fields.Length > 0 && (string.IsNullOrWhiteSpace(request.Entities) || includePacks))
            .ToList();

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var dependencies = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var picklists = new JsonObject();
        var chineseEntities = new JsonObject();
        var chinesePicklists = new JsonObject();
        var picklistNames = chosen.Concat(extended).SelectMany(e => e.Fields.Where(f => f.Settings is PicklistSettings).Select(f => f.ApiName))
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var entity in chosen.Concat(extended))
        {
            var extension = !names.Contains(entity.ApiName);
            if (extension && installed.TryGetValue(packOfEntity[entity.ApiName], out var extendedVersion))
            {
                dependencies[packOfEntity[entity.ApiName]] = $"^{extendedVersion}";
            }

            var fields = new JsonArray();
            var chineseFields = new JsonObject();
            foreach (var field in entity.Fields)
            {
                if (field.Type == Rollup)
                {
                    notes.Add($"{entity.ApiName}.{field.ApiName}: left out; the pack format has no {field.Type} fields.");
                    continue;
                }

                var json = FieldJson(field);
                switch (field.Settings)
                {
                    case PicklistSettings list:
                        var listName = picklistNames.Contains(field.ApiName) ? $"{entity.ApiName}_{field.ApiName}" : field.ApiName;
                        json["picklist"] = listName;
                        picklists[listName] = PicklistJson(list, out var chineseValues);
                        if (chineseValues.Count > 0)
                        {
                            chinesePicklists[listName] = chineseValues;
                        }

                        break;
                    case LookupSettings lookup when !names.Contains(lookup.TargetEntity):
                        if (packOfEntity.TryGetValue(lookup.TargetEntity, out var pack) && installed.TryGetValue(pack, out var version))
                        {
                            dependencies[pack] = $"^{version}";
                        }

                        break;
                }

                fields.Add(json);
                if (ChineseTexts(field) is { } texts)
                {
                    chineseFields[field.ApiName] = texts;
                }
            }

            if (extension)
            {
                files[$"{PackFiles.ExtensionsFolder}/{entity.ApiName}.yaml"] = PackYaml.Write(new JsonObject { ["entity"] = entity.ApiName, ["fields"] = fields });
                if (chineseFields.Count > 0)
                {
                    chineseEntities[entity.ApiName] = new JsonObject { ["fields"] = chineseFields };
                }

                continue;
            }

            var file = new JsonObject
            {
                ["apiName"] = entity.ApiName,
                ["label"] = English(entity.Label, entity.ApiName),
                ["pluralLabel"] = English(entity.PluralLabel, entity.ApiName),
                ["description"] = string.IsNullOrEmpty(entity.Description) ? null : entity.Description,
                ["icon"] = string.IsNullOrEmpty(entity.Icon) ? null : entity.Icon,
                ["displayOrder"] = entity.DisplayOrder,
                ["fields"] = fields,
            };
            if (entity.Rules.Length > 0)
            {
                file["rules"] = new JsonArray([.. entity.Rules.Select(RuleJson)]);
            }

            files[$"{PackFiles.EntitiesFolder}/{entity.ApiName}.yaml"] = PackYaml.Write(WithoutNulls(file));
            var chineseEntity = new JsonObject();
            if (entity.Label.GetValueOrDefault(Chinese) is { } label)
            {
                chineseEntity["label"] = label;
            }

            if (entity.PluralLabel.GetValueOrDefault(Chinese) is { } plural)
            {
                chineseEntity["pluralLabel"] = plural;
            }

            if (chineseFields.Count > 0)
            {
                chineseEntity["fields"] = chineseFields;
            }

            if (chineseEntity.Count > 0)
            {
                chineseEntities[entity.ApiName] = chineseEntity;
            }
        }

        if (picklists.Count > 0)
        {
            files[PackFiles.Picklists] = PackYaml.Write(new JsonObject { ["picklists"] = picklists });
        }

        if (chineseEntities.Count > 0 || chinesePicklists.Count > 0)
        {
            var translations = new JsonObject();
            if (chineseEntities.Count > 0)
            {
                translations["entities"] = chineseEntities;
            }

            if (chinesePicklists.Count > 0)
            {
                translations["picklists"] = chinesePicklists;
            }

            files[$"{PackFiles.TranslationsFolder}/{Chinese}.yaml"] = PackYaml.Write(translations);
        }

        await AddWorkflowsAsync(files, notes, names, packWorkflows, includePacks, request.Prefix, cancellationToken);
        await AddViewsAsync(files, [.. names, .. extended.Select(e => e.ApiName)], components.Where(c => c.Kind == PackComponentKinds.View).Select(c => c.ComponentId).ToHashSet(), includePacks, request.Prefix, cancellationToken);
        await AddLayoutsAsync(files, chosen, request.Prefix, cancellationToken);
        await AddDashboardsAsync(files, notes, dependencies, [.. names, .. extended.Select(e => e.ApiName)], packOfEntity, installed,
            components.Where(c => c.Kind == PackComponentKinds.Dashboard).Select(c => c.ComponentId).ToHashSet(), includePacks, request.Prefix, cancellationToken);
        files[PackFiles.Manifest] = PackYaml.Write(Manifest(request, dependencies));
        if (PackReader.Read(files).Pack is { } draft)
        {
            var scope = new PackScope(draft, [.. dependencies.Keys.Select(id => catalog.Find(id)?.Pack).OfType<PackDefinition>()]);
            var packSets = components.Where(c => c.Kind == PackComponentKinds.PermissionSet).Select(c => c.ComponentId).ToHashSet();
            await AddPermissionsAsync(files, notes, scope, packSets, includePacks, request.Prefix, cancellationToken);
            if (request.SampleData is { } limit)
            {
                await AddSampleDataAsync(files, notes, draft, snapshot, limit, cancellationToken);
            }
        }

        var read = PackReader.Read(files);
        var (_, problems) = Publishing.PackValidation.Validate(read, catalog, validator);
        return new(new PackExportFiles(files, notes, problems), null);
    }

    private static JsonObject Manifest(PackExportRequest request, SortedDictionary<string, string> dependencies)
    {
        var id = string.IsNullOrWhiteSpace(request.Id) ? "export" : request.Id.Trim();
        var manifest = new JsonObject
        {
            ["id"] = id,
            ["publisher"] = string.IsNullOrWhiteSpace(request.Publisher) ? null : request.Publisher.Trim(),
            ["prefix"] = string.IsNullOrWhiteSpace(request.Prefix) ? null : request.Prefix.Trim(),
            ["version"] = string.IsNullOrWhiteSpace(request.Version) ? "1.0.0" : request.Version.Trim(),
            ["name"] = new JsonObject { ["en"] = string.IsNullOrWhiteSpace(request.Name) ? id : request.Name.Trim() },
            ["platform"] = $">={PackFiles.PlatformVersion} <{PackFiles.PlatformVersion.Major + 1}.0.0",
        };
        if (dependencies.Count > 0)
        {
            manifest["dependencies"] = new JsonObject([.. dependencies.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]);
        }

        return WithoutNulls(manifest);
    }

    /// <summary>
    /// The published version of each workflow on an exported entity, as <c>workflows/{name}.yaml</c>; the name is made
    /// from the workflow's title, prefixed. Drafts never published, and workflows on other entities, are left out.
    /// </summary>
    private async Task AddWorkflowsAsync(
        SortedDictionary<string, string> files, List<string> notes, HashSet<string> entities, Dictionary<Guid, string> packWorkflows, bool includePacks, string? prefix,
        CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var workflow in await workflows.ListAsync(cancellationToken))
        {
            if (packWorkflows.ContainsKey(workflow.Id) && !includePacks)
            {
                continue;
            }

            if (workflow.PublishedVersion is not { } version)
            {
                notes.Add($"workflow '{workflow.Name}': left out; it has never been published (a pack installs workflows published).");
                continue;
            }

            if (workflow.TriggerEntity is null || !entities.Contains(workflow.TriggerEntity))
            {
                notes.Add($"workflow '{workflow.Name}': left out; its trigger's entity '{workflow.TriggerEntity}' is not exported.");
                continue;
            }

            if (await workflows.FindVersionAsync(workflow.Id, version, cancellationToken) is not { } published)
            {
                continue;
            }

            var name = WorkflowFileName(workflow.Name, prefix, taken);
            var document = JsonNode.Parse(published.Document.Serialize())!.AsObject();
            files[$"{PackFiles.WorkflowsFolder}/{name}.yaml"] = PackYaml.Write(document);
        }
    }

    /// <summary>
    /// An identifier from a workflow's title: the title itself when it is one, else its words in camel case
    /// (<c>Welcome new member</c> → <c>acme_welcomeNewMember</c>), or <c>workflow1</c> for a title without latin words.
    /// </summary>
    internal static string WorkflowFileName(string title, string? prefix, HashSet<string> taken)
    {
        var start = string.IsNullOrWhiteSpace(prefix) ? string.Empty : $"{prefix.Trim()}_";
        string name;
        if (MetadataApiName.ValidateFieldName(title) is null)
        {
            name = title.StartsWith(start, StringComparison.Ordinal) ? title : start + title;
        }
        else
        {
            var words = new string(title.Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ').ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var camel = new StringBuilder();
            foreach (var word in words)
            {
                camel.Append(camel.Length == 0 ? word.ToLowerInvariant() : char.ToUpperInvariant(word[0]) + word[1..]);
            }

            name = start + (camel.Length > 0 && char.IsAsciiLetter(camel[0]) ? camel.ToString() : "workflow");
        }

        name = name.Length > 50 ? name[..50] : name;
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = $"{name}{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return unique;
    }

    private static JsonObject FieldJson(FieldDefinition field)
    {
        var json = new JsonObject
        {
            ["apiName"] = field.ApiName,
            ["label"] = English(field.Label, field.ApiName),
            ["type"] = field.Type,
            ["helpText"] = field.HelpText.GetValueOrDefault(Translations.English) is { Length: > 0 } help ? help : null,
            ["required"] = field.Required ? true : null,
            ["unique"] = field.Unique ? true : null,
            ["indexed"] = field.Indexed ? true : null,
            ["readOnly"] = field.ReadOnly ? true : null,
            ["displayOrder"] = field.DisplayOrder,
            ["default"] = field.DefaultValue,
        };
        switch (field.Settings)
        {
            case TextSettings text:
                json["maxLength"] = text.MaxLength;
                break;
            case NumberSettings number:
                json["precision"] = number.Precision;
                json["scale"] = number.Scale;
                break;
            case LookupSettings lookup:
                json["target"] = lookup.TargetEntity;
                break;
            case AutoNumberSettings autoNumber:
                json["pattern"] = autoNumber.Pattern;
                break;
            case FormulaSettings formula:
                json["expression"] = formula.Expression;
                json["resultType"] = formula.ResultType;
                break;
        }

        return WithoutNulls(json);
    }

    private static JsonObject PicklistJson(PicklistSettings list, out JsonObject chinese)
    {
        chinese = [];
        var values = new JsonArray();
        foreach (var value in list.Values.OrderBy(v => v.Order))
        {
            values.Add(WithoutNulls(new JsonObject
            {
                ["apiName"] = value.ApiName,
                ["label"] = English(value.Label, value.ApiName),
                ["default"] = value.IsDefault ? true : null,
                ["active"] = value.IsActive ? null : false,
            }));
            if (value.Label.GetValueOrDefault(Chinese) is { } label)
            {
                chinese[value.ApiName] = label;
            }
        }

        return new JsonObject { ["values"] = values };
    }

    private static JsonObject RuleJson(ValidationRuleDefinition rule)
    {
        var message = new JsonObject { ["en"] = English(rule.ErrorMessage, rule.ApiName) };
        if (rule.ErrorMessage.GetValueOrDefault(Chinese) is { } chinese)
        {
            message[Chinese] = chinese;
        }

        return WithoutNulls(new JsonObject
        {
            ["apiName"] = rule.ApiName,
            ["errorCondition"] = rule.ErrorCondition,
            ["errorField"] = rule.ErrorField,
            ["errorMessage"] = message,
            ["active"] = rule.Active ? null : false,
            ["description"] = string.IsNullOrEmpty(rule.Description) ? null : rule.Description,
        });
    }

    /// <summary>The field's zh-CN texts as translations/zh-CN.yaml has them: the label alone, or label and help text.</summary>
    private static JsonNode? ChineseTexts(FieldDefinition field)
    {
        var label = field.Label.GetValueOrDefault(Chinese);
        var help = field.HelpText.GetValueOrDefault(Chinese);
        return (label, help) switch
        {
            (null, null) => null,
            (_, null) => label,
            _ => WithoutNulls(new JsonObject { ["label"] = label, ["helpText"] = help }),
        };
    }

    private static string English(System.Collections.Immutable.ImmutableSortedDictionary<string, string> texts, string fallback) =>
        texts.GetValueOrDefault(Translations.English) ?? texts.Values.FirstOrDefault() ?? fallback;

    private static JsonObject WithoutNulls(JsonObject node)
    {
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            node.Remove(key);
        }

        return node;
    }
}
