using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Security;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

/// <summary>
/// Checks a pack as a whole, after <see cref="PackReader"/> has checked each file against its schema: the manifest
/// (semver, platform range, dependencies), the prefix rule, names, references across files and dependencies (picklists,
/// lookup targets, fields in permission sets and translations, sample data columns and keys) and that every formula and
/// default value compiles, and each workflow (<see cref="Workflows.WorkflowValidator"/> against the pack's entities). The API, the pack tool and CI use this one class.
/// </summary>
public sealed partial class PackValidator(IExpressionCompiler compiler)
{
    private readonly Workflows.WorkflowValidator workflows = new(compiler);

    /// <summary>
    /// Every problem of <paramref name="pack"/>; <paramref name="dependencies"/> are the packs it builds on (directly or
    /// not), as the catalog resolved them.
    /// </summary>
    public IReadOnlyList<PackProblem> Validate(PackDefinition pack, IReadOnlyList<PackDefinition> dependencies)
    {
        var problems = new List<PackProblem>();
        var scope = new PackScope(pack, dependencies);
        CheckManifest(pack, dependencies, problems);
        CheckPrefixes(pack, problems);
        CheckPicklists(pack, problems);
        CheckEntities(pack, scope, problems);
        CheckPermissions(pack, scope, problems);
        CheckTranslations(pack, problems);
        CheckSampleData(pack, scope, problems);
        CheckWorkflows(pack, scope, dependencies, problems);
        CheckViews(pack, scope, problems);
        CheckLayouts(pack, scope, dependencies, problems);
        CheckDashboards(pack, scope, dependencies, problems);
        return problems;
    }

    private static void CheckManifest(PackDefinition pack, IReadOnlyList<PackDefinition> dependencies, List<PackProblem> problems)
    {
        const string File = PackFiles.Manifest;
        var manifest = pack.Manifest;
        if (SemVersion.TryParse(manifest.Version) is null)
        {
            problems.Add(new(File, "version", $"'{manifest.Version}' is not a semantic version (major.minor.patch, e.g. 1.0.0)."));
        }

        if (manifest.Platform is { } platform)
        {
            if (VersionRange.TryParse(platform) is not { } range)
            {
                problems.Add(new(File, "platform", $"'{platform}' is not a version range (e.g. >=1.0.0 <2.0.0, ^1.0.0)."));
            }
            else if (!range.Contains(PackFiles.PlatformVersion))
            {
                problems.Add(new(File, "platform", $"This platform is version {PackFiles.PlatformVersion}, outside the supported range '{platform}'."));
            }
        }

        if (manifest.Publisher != PackFiles.PlatformPublisher && manifest.Prefix is null)
        {
            problems.Add(new(File, "prefix", $"A pack of publisher '{manifest.Publisher}' needs a prefix; only the platform's own packs go without."));
        }

        foreach (var (id, text) in manifest.Dependencies ?? new Dictionary<string, string>())
        {
            var path = $"dependencies.{id}";
            if (id == manifest.Id)
            {
                problems.Add(new(File, path, "A pack cannot depend on itself."));
            }
            else if (VersionRange.TryParse(text) is not { } range)
            {
                problems.Add(new(File, path, $"'{text}' is not a version range (e.g. ^1.0.0, ~1.2.0, >=1.0.0 <2.0.0, 1.2.3)."));
            }
            else if (dependencies.FirstOrDefault(d => d.Id == id) is not { } found)
            {
                problems.Add(new(File, path, $"The pack '{id}' ({text}) is not in the catalog."));
            }
            else if (SemVersion.TryParse(found.Version) is not { } version || !range.Contains(version))
            {
                problems.Add(new(File, path, $"The catalog has '{id}' {found.Version}, outside the range '{text}'."));
            }
        }
    }

    /// <summary>A partner's pack names every component it adds with its prefix, so packs and tenants never collide.</summary>
    private static void CheckPrefixes(PackDefinition pack, List<PackProblem> problems)
    {
        if (pack.Manifest.Publisher == PackFiles.PlatformPublisher || pack.Manifest.Prefix is not { } prefix)
        {
            return;
        }

        var start = prefix + "_";
        bool Lacks(string name) => !name.StartsWith(start, StringComparison.Ordinal);
        foreach (var entity in pack.Entities)
        {
            if (!entity.Extends && Lacks(entity.ApiName))
            {
                problems.Add(new(entity.File, "apiName", $"'{entity.ApiName}' must start with the pack's prefix '{start}'."));
            }

            for (var i = 0; i < entity.Fields.Count; i++)
            {
                if (Lacks(entity.Fields[i].ApiName))
                {
                    problems.Add(new(entity.File, $"fields[{i}].apiName", $"'{entity.Fields[i].ApiName}' must start with the pack's prefix '{start}'."));
                }
            }
        }

        foreach (var name in pack.Picklists.Keys.Where(Lacks))
        {
            problems.Add(new(PackFiles.Picklists, $"picklists.{name}", $"'{name}' must start with the pack's prefix '{start}'."));
        }

        for (var i = 0; i < pack.PermissionSets.Count; i++)
        {
            if (Lacks(pack.PermissionSets[i].Name))
            {
                problems.Add(new(PackFiles.Permissions, $"permissionSets[{i}].name", $"'{pack.PermissionSets[i].Name}' must start with the pack's prefix '{start}'."));
            }
        }
    }

    private static void CheckPicklists(PackDefinition pack, List<PackProblem> problems)
    {
        foreach (var (name, list) in pack.Picklists)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Values.Count; i++)
            {
                var path = $"picklists.{name}.values[{i}].apiName";
                if (MetadataApiName.ValidateValueName(list.Values[i].ApiName) is { } why)
                {
                    problems.Add(new(PackFiles.Picklists, path, why));
                }
                else if (!seen.Add(list.Values[i].ApiName))
                {
                    problems.Add(new(PackFiles.Picklists, path, $"'{list.Values[i].ApiName}' is given twice in this picklist."));
                }
            }

            if (list.Values.Count(v => v.Default == true) > 1)
            {
                problems.Add(new(PackFiles.Picklists, $"picklists.{name}.values", "At most one value may be the default."));
            }
        }
    }

    private static void CheckPermissions(PackDefinition pack, PackScope scope, List<PackProblem> problems)
    {
        const string File = PackFiles.Permissions;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < pack.PermissionSets.Count; i++)
        {
            var set = pack.PermissionSets[i];
            var path = $"permissionSets[{i}]";
            if (!names.Add(set.Name))
            {
                problems.Add(new(File, $"{path}.name", $"'{set.Name}' is given twice."));
            }

            // The shape of each rule as the access API reads it; the names against the pack and its dependencies.
            var shape = new Problems();
            PermissionRules.Parse(set.Rules, snapshot: null, shape, $"{path}.rules");
            problems.AddRange(shape.ToDictionary().SelectMany(p => p.Value.Select(m => new PackProblem(File, p.Key, m))));
            foreach (var (entityName, rule) in set.Rules)
            {
                // otherFields is none when absent: a rule that reads records would then show none of their fields.
                if (rule is System.Text.Json.Nodes.JsonObject { } granted && granted["read"] is { } read && read.ToJsonString() != "false" && granted["otherFields"] is null)
                {
                    problems.Add(new(File, $"{path}.rules.{entityName}.otherFields",
                        "The rule reads records but says nothing of the fields not listed, which are then hidden: give otherFields (edit, read, or none to show only the fields listed)."));
                }

                if (entityName == PermissionRules.EveryEntity)
                {
                    continue;
                }

                if (scope.Entity(entityName) is not { } entity)
                {
                    problems.Add(new(File, $"{path}.rules.{entityName}", $"There is no entity '{entityName}' in this pack or its dependencies."));
                    continue;
                }

                foreach (var (field, _) in rule?["fields"]?.AsObject() ?? [])
                {
                    if (!entity.Fields.Any(f => f.ApiName == field))
                    {
                        problems.Add(new(File, $"{path}.rules.{entityName}.fields.{field}", $"The entity '{entityName}' has no field '{field}'."));
                    }
                }
            }
        }

        foreach (var (role, sets) in pack.Roles)
        {
            if (role == TenantRoles.Admin || !TenantRoles.All.Contains(role))
            {
                problems.Add(new(File, $"roles.{role}", $"'{role}' is not a role a pack may shape; use {string.Join(", ", TenantRoles.All.Where(r => r != TenantRoles.Admin))} (admins always have full access)."));
            }

            for (var i = 0; i < sets.Count; i++)
            {
                if (!names.Contains(sets[i]))
                {
                    problems.Add(new(File, $"roles.{role}[{i}]", $"There is no permission set '{sets[i]}' in this pack."));
                }
            }
        }
    }

    private static void CheckTranslations(PackDefinition pack, List<PackProblem> problems)
    {
        foreach (var (culture, texts) in pack.Translations)
        {
            var file = $"{PackFiles.TranslationsFolder}/{culture}.yaml";
            if (!Translations.Cultures.Contains(culture, StringComparer.Ordinal))
            {
                problems.Add(new(file, string.Empty, $"'{culture}' is not a culture of the platform; use {string.Join(" or ", Translations.Cultures)}."));
                continue;
            }

            foreach (var (entityName, entityTexts) in texts.Entities ?? new Dictionary<string, PackEntityTexts>())
            {
                if (pack.Entities.FirstOrDefault(e => e.ApiName == entityName) is not { } entity)
                {
                    problems.Add(new(file, $"entities.{entityName}", $"This pack has no entity '{entityName}'."));
                    continue;
                }

                if (entity.Extends && (entityTexts.Label ?? entityTexts.PluralLabel) is not null)
                {
                    problems.Add(new(file, $"entities.{entityName}", $"'{entityName}' is extended by this pack, not defined: give only the texts of the fields it adds."));
                }

                foreach (var field in (entityTexts.Fields ?? new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()).Keys.Where(f => !entity.Fields.Any(x => x.ApiName == f)))
                {
                    problems.Add(new(file, $"entities.{entityName}.fields.{field}", $"The entity '{entityName}' has no field '{field}' in this pack."));
                }
            }

            foreach (var (listName, values) in texts.Picklists ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
            {
                if (!pack.Picklists.TryGetValue(listName, out var list))
                {
                    problems.Add(new(file, $"picklists.{listName}", $"This pack has no picklist '{listName}'."));
                    continue;
                }

                foreach (var value in values.Keys.Where(v => !list.Values.Any(x => x.ApiName == v)))
                {
                    problems.Add(new(file, $"picklists.{listName}.{value}", $"The picklist '{listName}' has no value '{value}'."));
                }
            }
        }
    }

    /// <summary>Field types whose settings are written as properties of the field, and which properties each takes.</summary>
    private static readonly Dictionary<string, string[]> SettingsOf = new(StringComparer.Ordinal)
    {
        [Text] = ["maxLength"], [LongText] = ["maxLength"],
        [Number] = ["precision", "scale"], [Currency] = ["precision", "scale"], [Percent] = ["precision", "scale"],
        [Picklist] = ["picklist"], [MultiPicklist] = ["picklist"], [Lookup] = ["target"], [AutoNumber] = ["pattern"],
        [Formula] = ["expression", "resultType"],
    };

    private static IEnumerable<string> SettingsGiven(PackField field)
    {
        if (field.MaxLength is not null) { yield return "maxLength"; }
        if (field.Precision is not null) { yield return "precision"; }
        if (field.Scale is not null) { yield return "scale"; }
        if (field.Picklist is not null) { yield return "picklist"; }
        if (field.Target is not null) { yield return "target"; }
        if (field.Pattern is not null) { yield return "pattern"; }
        if (field.Expression is not null) { yield return "expression"; }
        if (field.ResultType is not null) { yield return "resultType"; }
    }

    private void CheckEntities(PackDefinition pack, PackScope scope, List<PackProblem> problems)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in pack.Entities)
        {
            var nameAt = entity.Extends ? "entity" : "apiName";
            if (MetadataApiName.ValidateEntityName(entity.ApiName) is { } why)
            {
                problems.Add(new(entity.File, nameAt, why));
            }
            else if (!seen.TryAdd(entity.ApiName, entity.File))
            {
                problems.Add(new(entity.File, nameAt, $"The entity '{entity.ApiName}' is also given in {seen[entity.ApiName]}; a pack defines or extends an entity in one file."));
            }
            else if (!entity.Extends && scope.DependencyOwning(entity.ApiName) is { } owner)
            {
                problems.Add(new(entity.File, nameAt, $"The entity '{entity.ApiName}' belongs to the dependency '{owner}'; a pack cannot redefine it (extensions/{entity.ApiName}.yaml adds fields to it)."));
            }
            else if (entity.Extends && scope.DependencyOwning(entity.ApiName) is null)
            {
                problems.Add(new(entity.File, nameAt, $"No dependency of this pack defines an entity '{entity.ApiName}'; an extension adds fields to a dependency's entity."));
            }
            else if (entity.Extends)
            {
                var existing = scope.Entity(entity.ApiName)!.Fields.Where(f => !entity.Fields.Contains(f)).Select(f => f.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < entity.Fields.Count; i++)
                {
                    if (existing.Contains(entity.Fields[i].ApiName))
                    {
                        problems.Add(new(entity.File, $"fields[{i}].apiName", $"The entity '{entity.ApiName}' already has a field '{entity.Fields[i].ApiName}'."));
                    }
                }
            }

            CheckFields(entity, scope, problems);
            CheckRules(entity, scope, pack.Manifest.Publisher == PackFiles.PlatformPublisher ? null : pack.Manifest.Prefix + "_", problems);
        }
    }

    private void CheckFields(PackEntity entity, PackScope scope, List<PackProblem> problems)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entity.Fields.Count; i++)
        {
            var field = entity.Fields[i];
            var path = $"fields[{i}]";
            if (MetadataApiName.ValidateFieldName(field.ApiName) is { } why)
            {
                problems.Add(new(entity.File, $"{path}.apiName", why));
            }
            else if (!names.Add(field.ApiName))
            {
                problems.Add(new(entity.File, $"{path}.apiName", $"'{field.ApiName}' is given twice; field names are unique in an entity, in any case."));
            }

            var allowed = SettingsOf.GetValueOrDefault(field.Type) ?? [];
            foreach (var setting in SettingsGiven(field).Where(s => !allowed.Contains(s)))
            {
                problems.Add(new(entity.File, $"{path}.{setting}", $"A {field.Type} field takes no {setting}{(allowed.Length == 0 ? string.Empty : $"; it takes {string.Join(", ", allowed)}")}."));
            }

            switch (field.Type)
            {
                case Picklist or MultiPicklist when field.Picklist is null:
                    problems.Add(new(entity.File, $"{path}.picklist", "Name the picklist (of picklists.yaml) the field takes its values from."));
                    break;
                case Picklist or MultiPicklist when scope.Picklist(field.Picklist) is null:
                    problems.Add(new(entity.File, $"{path}.picklist", $"There is no picklist '{field.Picklist}' in this pack or its dependencies."));
                    break;
                case Lookup when field.Target is null:
                    problems.Add(new(entity.File, $"{path}.target", "Name the entity the lookup points to."));
                    break;
                case Lookup when scope.Entity(field.Target) is null:
                    problems.Add(new(entity.File, $"{path}.target", $"There is no entity '{field.Target}' in this pack or its dependencies."));
                    break;
                case AutoNumber when field.Pattern is null:
                    problems.Add(new(entity.File, $"{path}.pattern", "An autoNumber field needs a pattern such as ORD-{00000}."));
                    break;
                case Formula when field.Expression is null || field.ResultType is null:
                    problems.Add(new(entity.File, path, "A formula field needs an expression and a resultType."));
                    break;
            }

            if (field.Default is not null && !CanHaveDefault(field.Type))
            {
                problems.Add(new(entity.File, $"{path}.default", $"A {field.Type} field cannot have a default value."));
            }
        }

        CheckExpressions(entity, scope, problems);
    }

    private void CheckExpressions(PackEntity entity, PackScope scope, List<PackProblem> problems)
    {
        var entityId = Guid.NewGuid();
        // An extension's formulas and defaults may read the fields of the entity it extends.
        var readable = entity.Extends ? scope.Entity(entity.ApiName)?.Fields ?? entity.Fields : entity.Fields;
        var expressionScope = ExpressionScope.Of(entityId, readable.Select(f => (f.ApiName, f.Type, Settings(f, scope))));
        for (var i = 0; i < entity.Fields.Count; i++)
        {
            var field = entity.Fields[i];
            if (field is { Type: Formula, Expression: { } expression, ResultType: { } resultType })
            {
                var compiled = compiler.Compile(expressionScope.Without(field.ApiName), expression, ExpressionTypes.OfResultType(resultType));
                if (compiled.Error is { } error)
                {
                    problems.Add(new(entity.File, $"fields[{i}].expression", error.Message));
                }
            }

            if (field.Default is { } text && CanHaveDefault(field.Type))
            {
                var compiled = compiler.Compile(ExpressionScope.Empty(entityId), text, ExpressionTypes.OfField(field.Type, Settings(field, scope)));
                if (compiled.Error is { } error)
                {
                    problems.Add(new(entity.File, $"fields[{i}].default", $"{error.Message} A default value is an expression: quote text as 'open'."));
                }
            }
        }
    }

    /// <summary>
    /// The typed settings the expression compiler and the workflow validator read: a formula's result type, a picklist's
    /// values, a lookup's target (a workflow step that updates the record a lookup points to is checked against it).
    /// </summary>
    internal static FieldSettings? Settings(PackField field, PackScope scope) => field.Type switch
    {
        Lookup when !string.IsNullOrWhiteSpace(field.Target) => new LookupSettings(field.Target),
        Formula when field.Expression is not null && field.ResultType is not null => new FormulaSettings(field.Expression, field.ResultType),
        Picklist or MultiPicklist when scope.Picklist(field.Picklist) is { } list => new PicklistSettings(
            [.. list.Values.Select((v, i) => new PicklistValue(v.ApiName, Translations.None.Add(Translations.English, v.Label), i, v.Default == true, v.Active != false))]),
        _ => null,
    };
}
