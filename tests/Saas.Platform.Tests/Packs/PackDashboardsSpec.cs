using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Expressions;
using Saas.Platform.Packs;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Packs.PackUpgradeReports;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// A pack's dashboards (<c>dashboards/{apiName}.yaml</c>) over HTTP with the versioned fixture <c>acme_dashboards</c>:
/// installed with the pack and answering exact figures, merged three ways on upgrade (the tenant's edit of a widget
/// kept and reported as a conflict in the dry run, a dropped dashboard left in place), rolled back, deleted on uninstall;
/// the core pack's dashboard over its sample data; a tenant's dashboard of the same name refuses the install.
/// </summary>
public abstract class PackDashboardsSpec(PlatformApp app)
{
    private const string Pack = "acme_dashboards";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_packs_dashboard_installs_answers_upgrades_keeping_the_tenants_widget_rolls_back_and_goes_with_the_uninstall()
    {
        var (client, root) = await TenantAsync("pack-dash");
        await InstallAsync(client, root, Pack, "1.0.0");
        foreach (var (title, status, amount) in new[] { ("A", "open", 100), ("B", "paid", 250), ("C", "paid", 400) })
        {
            (await client.PostAsJsonAsync($"{root}/data/acme_claim", new { acme_title = title, acme_status = status, acme_amount = amount }, Ct)).EnsureSuccessStatusCode();
        }

        var dashboards = await DashboardsAsync(client, root);
        Assert.Equal(["acme_claims", "acme_old"], dashboards.Keys);
        var claims = dashboards["acme_claims"];
        Assert.Equal("理赔", claims["label"]!["zh-CN"]!.GetValue<string>());
        var data = (await client.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{Id(claims)}/data", Ct))!["widgets"]!.AsArray();
        Assert.Equal(3, data[0]!["report"]!["count"]!.GetValue<long>());
        Assert.Equal(["open:1", "paid:2"], data[1]!["report"]!["groups"]!.AsArray().Select(g => $"{g!["key"]!.GetValue<string>()}:{g["count"]}"));
        Assert.Equal(650m, data[2]!["report"]!["value"]!.GetValue<decimal>());
        Assert.Contains((await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!["components"]!.AsArray(),
            c => c!["kind"]!.GetValue<string>() == "dashboard" && c["name"]!.GetValue<string>() == "acme_claims" && c["id"]!.GetValue<string>() == Id(claims));

        // The tenant renames the first widget; the publisher renames it too, relabels the dashboard, adds one and drops one.
        var widgets = claims["widgets"]!.DeepClone().AsArray();
        widgets[0]!["title"]!["en"] = "Our claims";
        var edited = await client.PutAsJsonAsync($"{root}/dashboards/{Id(claims)}", new JsonObject { ["label"] = claims["label"]!.DeepClone(), ["widgets"] = widgets }, Ct);
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync(Ct));

        var dry = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0", dryRun = true });
        var conflict = Change(dry, "acme_claims", "widgets")!;
        Assert.Equal(("conflict", "tenant"), (conflict["change"]!.GetValue<string>(), conflict["resolution"]!.GetValue<string>()));
        Assert.Equal("Our claims", conflict["tenant"]![0]!["title"]!["en"]!.GetValue<string>());
        Assert.Equal("All claims", conflict["publisher"]![0]!["title"]!["en"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, "acme_claims", "label.en")!["change"]!.GetValue<string>());
        Assert.Null(Change(dry, "acme_claims", "label.zh-CN"));
        Assert.Equal("added", Change(dry, "acme_paid", null)!["change"]!.GetValue<string>());
        Assert.Equal("deprecated", Change(dry, "acme_old", null)!["change"]!.GetValue<string>());
        Assert.Equal(2, (await DashboardsAsync(client, root)).Count);
        var taking = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new
        {
            version = "1.1.0", dryRun = true, take = new[] { new { component = "acme_claims", property = "widgets", from = "publisher" } },
        });
        Assert.Equal("publisher", Change(taking, "acme_claims", "widgets")!["resolution"]!.GetValue<string>());

        var applied = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0" });
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());
        var after = await DashboardsAsync(client, root);
        Assert.Equal(["acme_claims", "acme_old", "acme_paid"], after.Keys);
        Assert.Equal(("Claims desk", "Our claims", "bar"), (
            after["acme_claims"]["label"]!["en"]!.GetValue<string>(),
            after["acme_claims"]["widgets"]![0]!["title"]!["en"]!.GetValue<string>(),
            after["acme_claims"]["widgets"]![1]!["chart"]!.GetValue<string>()));
        var paid = (await client.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{Id(after["acme_paid"])}/data", Ct))!["widgets"]!.AsArray();
        Assert.Equal(400m, paid[0]!["report"]!["value"]!.GetValue<decimal>());

        // Back to 1.0.0: the publisher's label returns, the tenant's widgets stay, the added dashboard is deprecated and kept.
        await PostAsync(client, $"{root}/packs/{Pack}/rollback", new { });
        var back = await DashboardsAsync(client, root);
        Assert.Equal(("Claims", "Our claims"), (back["acme_claims"]["label"]!["en"]!.GetValue<string>(), back["acme_claims"]["widgets"]![0]!["title"]!["en"]!.GetValue<string>()));
        Assert.Equal(["acme_claims", "acme_old", "acme_paid"], back.Keys);

        // The tenant's own dashboard stays when the pack goes; the pack's go, deprecated ones included.
        var ours = await client.PostAsJsonAsync($"{root}/dashboards", new
        {
            apiName = "ours", label = new { en = "Ours" }, widgets = new[] { new { title = new { en = "Claims" }, chart = "metric", entity = "acme_claim" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, ours.StatusCode);
        var uninstalled = await client.DeleteAsync($"{root}/packs/{Pack}?exportAndDelete=true", Ct);
        Assert.True(uninstalled.StatusCode == HttpStatusCode.OK, await uninstalled.Content.ReadAsStringAsync(Ct));
        Assert.Equal(["ours"], (await DashboardsAsync(client, root)).Keys);
    }

    [Fact]
    public async Task A_tenants_dashboard_of_the_same_name_refuses_the_install_and_nothing_is_installed()
    {
        var (client, root) = await TenantAsync("pack-dash-taken");
        await InstallAsync(client, root, "core", "1.0.0");
        var taken = await client.PostAsJsonAsync($"{root}/dashboards", new
        {
            apiName = "acme_claims", label = new { en = "Taken" }, widgets = new[] { new { title = new { en = "Leads" }, chart = "metric", entity = "lead" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);

        var refused = await client.PostAsJsonAsync($"{root}/packs", new { id = Pack, version = "1.0.0" }, Ct);

        var text = await refused.Content.ReadAsStringAsync(Ct);
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = Assert.Single(JsonNode.Parse(text)!["problems"]!.AsArray());
        Assert.Equal("dashboards/acme_claims.yaml", problem!["file"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/metadata/entities/acme_claim", Ct)).StatusCode);
        Assert.Equal(["acme_claims", "salesAndService"], (await DashboardsAsync(client, root)).Keys);
        Assert.Equal("Taken", (await DashboardsAsync(client, root))["acme_claims"]["label"]!["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_core_packs_dashboard_sums_the_pipeline_by_stage_of_its_sample_data()
    {
        var (client, root) = await TenantAsync("pack-dash-core");
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id = "core", sampleData = true }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));

        var dashboard = (await DashboardsAsync(client, root))["salesAndService"];
        var widgets = (await client.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{Id(dashboard)}/data", Ct))!["widgets"]!.AsArray();

        Assert.Equal("销售与服务", dashboard["label"]!["zh-CN"]!.GetValue<string>());
        Assert.All(widgets, w => Assert.Null(w!["error"]));
        Assert.Equal((10L, 1637400m), (widgets[0]!["report"]!["count"]!.GetValue<long>(), widgets[0]!["report"]!["value"]!.GetValue<decimal>()));
        Assert.Equal(
            ["prospecting:2:95000", "qualification:3:528000", "proposal:3:444500", "negotiation:2:569900", "won:3:477000", "lost:1:24000"],
            widgets[1]!["report"]!["groups"]!.AsArray().Select(g => $"{g!["key"]!.GetValue<string>()}:{g["count"]}:{g["value"]!.GetValue<decimal>():0.##}"));
        Assert.Equal(14, widgets[2]!["report"]!["groups"]!.AsArray().Sum(g => g!["count"]!.GetValue<int>()));
        Assert.Equal(
            ["new:3", "working:2", "waiting:1", "resolved:1", "closed:1"],
            widgets[3]!["report"]!["groups"]!.AsArray().Select(g => $"{g!["key"]!.GetValue<string>()}:{g["count"]}"));
        Assert.Equal(6, widgets[4]!["report"]!["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Export_writes_the_tenants_own_dashboards_prefixed_with_the_packs_their_widgets_read_as_dependencies()
    {
        var (client, root) = await TenantAsync("pack-dash-export");
        await InstallAsync(client, root, "core", "1.0.0");
        foreach (var entity in new[] { "acme_shop", "acme_van" })
        {
            var created = await client.PostAsJsonAsync($"{root}/metadata/entities", new
            {
                apiName = entity, label = new { en = entity }, pluralLabel = new { en = entity },
                fields = new object[] { new { apiName = "acme_size", label = new { en = "Size" }, type = "number", indexed = true } },
            }, Ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }

        foreach (var (name, entity) in new[] { ("board", "acme_shop"), ("vans", "acme_van") })
        {
            var dashboard = await client.PostAsJsonAsync($"{root}/dashboards", new
            {
                apiName = name, label = new Dictionary<string, string> { ["en"] = "Board", ["zh-CN"] = "看板" },
                widgets = new object[]
                {
                    new { title = new { en = "Size" }, chart = "metric", entity, aggregate = "sum", field = "acme_size" },
                    new { title = new { en = "Deals" }, chart = "bar", entity = "opportunity", groupBy = "stage" },
                },
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, dashboard.StatusCode);
        }

        var export = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/export?id=acme_shops&publisher=acme&prefix=acme&entities=acme_shop", Ct))!;

        var files = export["files"]!.AsObject();
        Assert.Empty(export["problems"]!.AsArray());
        Assert.Equal(["dashboards/acme_board.yaml"], files.Select(f => f.Key).Where(k => k.StartsWith("dashboards/", StringComparison.Ordinal)));
        Assert.Contains("entity: opportunity", files["dashboards/acme_board.yaml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("看板", files["dashboards/acme_board.yaml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("core: ^1.0.0", files["pack.yaml"]!.GetValue<string>().Replace("\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(export["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("dashboard vans", StringComparison.Ordinal));
    }

    private async Task<(HttpClient Client, string Root)> TenantAsync(string name)
    {
        var (tenant, key) = await app.CreateTenantAsync(name);
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        return (client, $"/t/{tenant.Identifier}/api");
    }

    private static async Task InstallAsync(HttpClient client, string root, string id, string version)
    {
        var response = await client.PostAsJsonAsync($"{root}/packs", new { id, version }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<SortedDictionary<string, JsonObject>> DashboardsAsync(HttpClient client, string root) =>
        new((await client.GetFromJsonAsync<JsonArray>($"{root}/dashboards", Ct))!.ToDictionary(d => d!["apiName"]!.GetValue<string>(), d => d!.AsObject()), StringComparer.Ordinal);

    private static string Id(JsonObject dashboard) => dashboard["id"]!.GetValue<string>();
}

[Collection(OnSqlite.Name)]
public sealed class PackDashboardsOnSqlite(SqliteApp app) : PackDashboardsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackDashboardsOnPostgres(PostgresApp app) : PackDashboardsSpec(app);

/// <summary>The validator's checks of <c>dashboards/</c> that need a pack of their own: every problem with its file, path and reason.</summary>
public sealed class PackDashboardsValidationSpec
{
    private const string Manifest = "id: acme_d\npublisher: acme\nprefix: acme\nversion: 1.0.0\nname: { en: D }\n";

    private const string Entity = """
        apiName: acme_claim
        label: Claim
        fields:
          - { apiName: acme_amount, label: Amount, type: currency, indexed: true }
          - { apiName: acme_filed, label: Filed, type: date, indexed: true }
        """;

    [Fact]
    public void Dashboard_names_are_unique_in_any_case_and_a_widget_on_a_dependency_and_its_extension_passes()
    {
        var core = Read(new Dictionary<string, string>
        {
            ["pack.yaml"] = "id: core\npublisher: platform\nversion: 1.0.0\nname: { en: Core }\n",
            ["entities/deal.yaml"] = "apiName: deal\nlabel: Deal\nfields:\n  - { apiName: title, label: Title, type: text }\n",
        });
        var pack = Read(new Dictionary<string, string>
        {
            ["pack.yaml"] = Manifest + "dependencies: { core: ^1.0.0 }\n",
            ["entities/claim.yaml"] = Entity,
            ["extensions/deal.yaml"] = "entity: deal\nfields:\n  - { apiName: acme_size, label: Size, type: number, indexed: true }\n",
            ["dashboards/acme_board.yaml"] = """
                label: { en: Board, zh-CN: 看板 }
                widgets:
                  - { title: { en: Deal size }, chart: metric, entity: deal, aggregate: sum, field: acme_size, filter: acme_size gt 10 }
                  - { title: { en: Filed }, chart: line, entity: acme_claim, groupBy: acme_filed, interval: year }
                """,
            ["dashboards/acme_Board.yaml"] = "label: { en: Again }\nwidgets:\n  - { title: { en: Claims }, chart: metric, entity: acme_claim }\n",
        });

        var problems = new PackValidator(new ExpressionCompiler(new MemoryCache(new MemoryCacheOptions()))).Validate(pack, [core]);

        var problem = Assert.Single(problems);
        Assert.Equal(("dashboards/acme_board.yaml", string.Empty), (problem.File, problem.Path));
        Assert.Contains("also given in dashboards/acme_Board.yaml", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dashboard_file_breaking_its_schema_is_refused_by_the_reader_with_the_path()
    {
        var read = PackReader.Read(new Dictionary<string, string>
        {
            ["pack.yaml"] = Manifest,
            ["entities/claim.yaml"] = Entity,
            ["dashboards/acme_board.yaml"] = "label: { en: Board }\nwidgets:\n  - { title: { fr: Non }, chart: gauge, entity: acme_claim, colour: red }\n",
        });

        Assert.Null(read.Pack);
        Assert.Contains(read.Problems, p => p.File == "dashboards/acme_board.yaml" && p.Path == "widgets[0].chart");
        Assert.Contains(read.Problems, p => p.File == "dashboards/acme_board.yaml" && p.Path.StartsWith("widgets[0].title", StringComparison.Ordinal));
        Assert.Contains(read.Problems, p => p.File == "dashboards/acme_board.yaml" && p.Path == "widgets[0].colour");
    }

    private static PackDefinition Read(Dictionary<string, string> files)
    {
        var read = PackReader.Read(files);
        Assert.True(read.Pack is not null, string.Join('\n', read.Problems));
        return read.Pack;
    }
}
