using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;
using Saas.Platform.Packs;

namespace Saas.Platform.Tests.Packs;

/// <summary>The validator on the shipped packs (each must pass) and on fixtures that break each rule (each must be named with file, path and reason).</summary>
public sealed class PackValidatorSpec
{
    private static readonly string Verticals = Path.Combine(AppContext.BaseDirectory, "Verticals");
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures");

    private static PackCatalog Catalog(params string[] folders) =>
        new(Options.Create(new PacksOptions { CatalogPaths = [.. folders] }), new PackValidator(new ExpressionCompiler(new MemoryCache(new MemoryCacheOptions()))));

    [Fact]
    public void Every_pack_in_src_Verticals_passes()
    {
        var catalog = Catalog(Verticals);
        Assert.Contains("core", catalog.Ids());
        Assert.Contains("retail", catalog.Ids());
        foreach (var id in catalog.Ids())
        {
            var pack = catalog.Find(id)!;
            Assert.True(pack.IsValid, $"{id}: {string.Join(Environment.NewLine, pack.Problems)}");
            Assert.All(pack.Pack!.Entities.Where(e => !e.Extends), e => Assert.True(pack.Pack.EntityText("zh-CN", e.ApiName, t => t.Label) is not null, $"{id}: {e.ApiName} has no Chinese label"));
            Assert.All(pack.Pack.Entities.Where(e => e.Extends).SelectMany(e => e.Fields.Select(f => (e, f))), x =>
                Assert.True(pack.Pack.EntityText("zh-CN", x.e.ApiName, t => t.Fields?.GetValueOrDefault(x.f.ApiName)?.ToString()) is not null, $"{id}: {x.e.ApiName}.{x.f.ApiName} has no Chinese label"));
            Assert.All(pack.Pack.Dashboards, d => Assert.True(
                d.Label.ContainsKey("zh-CN") && d.Widgets.All(w => w.Title!.ContainsKey("zh-CN")), $"{id}: the dashboard {d.Name} lacks a Chinese title"));
        }
    }

    [Fact]
    public void The_worked_example_of_docs_packs_md_passes()
    {
        var pack = Catalog(Verticals, Fixtures).Find("acme_stamps")!;
        Assert.True(pack.IsValid, string.Join(Environment.NewLine, pack.Problems));
        Assert.Equal(["core"], pack.Dependencies.Select(d => d.Id));
    }

    [Fact]
    public void A_dependency_resolves_to_its_newest_version_in_the_range_not_the_newest_in_the_catalog()
    {
        // core 1.0.0 and a core 2.0.0 beside it; acme_stamps asks for core ^1.0.0.
        var catalog = Path.Combine(Path.GetTempPath(), "saas-tests", "ranges", Guid.NewGuid().ToString("N"));
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            var target = Path.Combine(catalog, "core", version);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Verticals, "core"), "*", SearchOption.AllDirectories))
            {
                var path = Path.Combine(target, Path.GetRelativePath(Path.Combine(Verticals, "core"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(file, path);
            }

            var manifest = Path.Combine(target, "pack.yaml");
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("version: 1.0.0", $"version: {version}", StringComparison.Ordinal));
        }

        var pack = Catalog(catalog, Fixtures).Find("acme_stamps")!;
        Assert.True(pack.IsValid, string.Join(Environment.NewLine, pack.Problems));
        Assert.Equal("1.0.0", Assert.Single(pack.Dependencies).Version);
        Assert.Empty(Saas.Platform.Packs.Publishing.PackValidation.ValidateFolder(Path.Combine(Fixtures, "acme_stamps"), [catalog]));
    }

    [Theory]
    // not a semantic version
    [InlineData("pack.yaml", "version", "not a semantic version")]
    // the platform is outside the supported range
    [InlineData("pack.yaml", "platform", "outside the supported range")]
    // a dependency outside its range, and one missing from the catalog
    [InlineData("pack.yaml", "dependencies.core", "outside the range")]
    [InlineData("pack.yaml", "dependencies.nowhere", "not in the catalog")]
    // a partner's component without the prefix
    [InlineData("entities/store.yaml", "fields[1].apiName", "must start with the pack's prefix 'acme_'")]
    // references: lookup target, picklist
    [InlineData("entities/store.yaml", "fields[2].target", "no entity 'acme_nope'")]
    [InlineData("entities/store.yaml", "fields[3].picklist", "no picklist 'acme_missing'")]
    // a setting of another type
    [InlineData("entities/store.yaml", "fields[4].maxLength", "takes no maxLength")]
    // expressions that do not compile
    [InlineData("entities/store.yaml", "fields[5].expression", "position")]
    [InlineData("entities/store.yaml", "fields[6].default", "default value is an expression")]
    // picklist values given twice, two defaults
    [InlineData("picklists.yaml", "picklists.acme_tier.values[1].apiName", "given twice")]
    [InlineData("picklists.yaml", "picklists.acme_tier.values", "At most one value")]
    // permission sets: a field and an entity that do not exist; roles a pack may not shape or sets it does not have
    [InlineData("permissions.yaml", "permissionSets[0].rules.acme_store.fields.acme_nothing", "no field 'acme_nothing'")]
    [InlineData("permissions.yaml", "permissionSets[0].rules.ghost", "no entity 'ghost'")]
    [InlineData("permissions.yaml", "permissionSets[0].rules.acme_store.otherFields", "give otherFields")]
    [InlineData("permissions.yaml", "roles.admin", "not a role a pack may shape")]
    [InlineData("permissions.yaml", "roles.staff[0]", "no permission set 'acme_unknown'")]
    // translations of what the pack does not have
    [InlineData("translations/zh-CN.yaml", "entities.acme_ghost", "no entity 'acme_ghost'")]
    // sample data: unknown column, missing required value, not a number
    [InlineData("data/acme_store.csv", "columns[3]", "no field 'acme_colour'")]
    [InlineData("data/acme_store.csv", "rows[1] (line 3).acme_name", "required")]
    [InlineData("data/acme_store.csv", "rows[1] (line 3).acme_size", "not a number")]
    // validation rules: the prefix, a condition that does not compile, an error field the entity lacks
    [InlineData("entities/store.yaml", "rules[0].apiName", "must start with the pack's prefix 'acme_'")]
    [InlineData("entities/store.yaml", "rules[0].errorCondition", "")]
    [InlineData("entities/store.yaml", "rules[0].errorField", "no field 'acme_gone'")]
    // extensions: a field the extended entity has already, and an entity the pack defines itself
    [InlineData("extensions/account.yaml", "fields[0].apiName", "already has a field 'industry'")]
    [InlineData("extensions/account.yaml", "fields[0].apiName", "must start with the pack's prefix 'acme_'")]
    [InlineData("extensions/acme_store.yaml", "entity", "defines or extends an entity in one file")]
    // workflows: the prefix, unknown fields, a condition that does not compile, a person or an unknown role as approver,
    // a team (the tenant's), a template that does not parse
    [InlineData("workflows/welcome.yaml", "", "must start with the pack's prefix 'acme_'")]
    [InlineData("workflows/acme_bad.yaml", "trigger.changedFields", "has no field 'acme_nope'")]
    [InlineData("workflows/acme_bad.yaml", "trigger.condition", "")]
    [InlineData("workflows/acme_bad.yaml", "steps[0].approvers", "names a person")]
    [InlineData("workflows/acme_bad.yaml", "steps[0].approvers", "'chief' is not a role")]
    [InlineData("workflows/acme_bad.yaml", "steps[1].team", "cannot name a team")]
    [InlineData("workflows/acme_bad.yaml", "steps[2].values.acme_ghost", "has no field 'acme_ghost'")]
    [InlineData("workflows/acme_bad.yaml", "steps[3].to", "Not a valid Liquid template")]
    // a related-record update through a field that is not a lookup, or through a lookup to an entity that does not exist
    [InlineData("workflows/acme_bad.yaml", "steps[4].record", "'acme_store.acme_name' is a text field")]
    [InlineData("workflows/acme_bad.yaml", "steps[5].record", "points to 'acme_nope', which does not exist")]
    // Layouts: a section name without the prefix, a field the entity lacks, a field placed twice, a dependency's layout, a misnamed file.
    [InlineData("layouts/acme_store.yaml", "sections[0].apiName", "must start with the pack's prefix 'acme_'")]
    [InlineData("layouts/acme_store.yaml", "sections[0].fields[1]", "no field 'acme_ghost'")]
    [InlineData("layouts/acme_store.yaml", "sections[1].fields[1]", "placed already, at sections[0].fields[0]")]
    [InlineData("layouts/account.yaml", "entity", "The pack 'core' lays out 'account' already")]
    [InlineData("layouts/acme_wrong.yaml", "entity", "belongs in layouts/acme_nowhere.yaml")]
    [InlineData("layouts/acme_wrong.yaml", "entity", "define an entity 'acme_nowhere'")]
    // Dashboards: the prefix, a dependency's dashboard name, an apiName that is not the file's name, then one widget per
    // rule of the reports service (entity, groupable and indexed groupBy, a number field, an indexed field, an interval on a
    // date, a filter that compiles over indexed fields) and of the dashboards API (a metric has no groupBy).
    [InlineData("dashboards/board.yaml", "", "must start with the pack's prefix 'acme_'")]
    [InlineData("dashboards/salesAndService.yaml", "", "The pack 'core' has a dashboard 'salesAndService' already")]
    [InlineData("dashboards/acme_misnamed.yaml", "apiName", "is not the file's name 'acme_misnamed'")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[0].entity", "no entity 'acme_nowhere'")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[1].groupBy", "'opportunityName' is none of them")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[2].groupBy", "'source' is not indexed")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[3].field", "'stage' is not a number")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[4].field", "'probability' is not indexed")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[5].interval", "grouping by a date field only")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[6].filter", "Expression expected")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[7].filter", "'nextStep' is not indexed")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[8].groupBy", "A metric shows one number")]
    [InlineData("dashboards/acme_bad.yaml", "widgets[9].field", "A count takes no field")]
    public void A_broken_pack_names_each_problem(string file, string path, string reason)
    {
        var problems = Catalog(Verticals, Fixtures).Find("broken_refs")!.Problems;
        Assert.True(problems.Any(p => p.File == file && p.Path == path && p.Reason.Contains(reason, StringComparison.Ordinal)),
            $"No problem {file} at {path} ({reason}) among:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void A_dashboard_widget_that_keeps_every_rule_raises_no_problem()
    {
        var problems = Catalog(Verticals, Fixtures).Find("broken_refs")!.Problems;
        Assert.DoesNotContain(problems, p => p.File == "dashboards/acme_bad.yaml" && p.Path.StartsWith("widgets[10]", StringComparison.Ordinal));
        Assert.Equal(10, problems.Count(p => p.File == "dashboards/acme_bad.yaml"));
    }

    [Fact]
    public void Files_that_break_their_schema_are_named_with_the_json_path()
    {
        var problems = Catalog(Fixtures).Find("broken_schema")!.Problems;
        Assert.Contains(problems, p => p.File == "pack.yaml" && p.Reason.Contains("publisher", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "entities/thing.yaml" && p.Path == "fields[0].type");
        Assert.Contains(problems, p => p.File == "entities/thing.yaml" && p.Reason.Contains("colour", StringComparison.Ordinal) || p.Path == "colour");
        Assert.Contains(problems, p => p.File == "workflows/thing.json" && p.Path == "trigger.type");
        Assert.Contains(problems, p => p.File == "workflows/thing.json" && p.Path == "steps[0].colour");
    }

    [Theory]
    // exact, caret, tilde, comparisons, any
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData("^1.2.0", "1.9.0", true)]
    [InlineData("^1.2.0", "2.0.0", false)]
    [InlineData("^1.2.0", "2.0.0-beta", false)]
    [InlineData("~1.2.0", "1.2.9", true)]
    [InlineData("~1.2.0", "1.3.0", false)]
    [InlineData(">=1.0.0 <2.0.0", "1.5.0", true)]
    [InlineData(">=1.0.0 <2.0.0", "2.0.0", false)]
    [InlineData("*", "0.0.1", true)]
    public void Version_ranges_follow_npm(string range, string version, bool contained) =>
        Assert.Equal(contained, VersionRange.TryParse(range)!.Contains(SemVersion.TryParse(version)!));

    [Fact]
    public void Semantic_versions_order_pre_releases_first()
    {
        Assert.Null(SemVersion.TryParse("1.0"));
        Assert.Null(SemVersion.TryParse("01.0.0"));
        Assert.True(SemVersion.TryParse("1.0.0-alpha")! < SemVersion.TryParse("1.0.0-alpha.1")!);
        Assert.True(SemVersion.TryParse("1.0.0-alpha.beta")! < SemVersion.TryParse("1.0.0-beta")!);
        Assert.True(SemVersion.TryParse("1.0.0-rc.1")! < SemVersion.TryParse("1.0.0+build.5")!);
        Assert.True(SemVersion.TryParse("1.10.0")! > SemVersion.TryParse("1.9.0")!);
    }

    [Fact]
    public void The_schemas_ship_in_the_assembly()
    {
        foreach (var name in PackSchemas.Names)
        {
            Assert.Contains("\"$schema\"", PackSchemas.Text(name), StringComparison.Ordinal);
        }
    }
}
