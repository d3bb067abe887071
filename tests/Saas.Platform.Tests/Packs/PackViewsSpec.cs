using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Expressions;
using Saas.Platform.Packs;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Packs.PackUpgradeReports;
using Saas.Platform.Views;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// A pack's shared list views (<c>views/{entity}.yaml</c>) over HTTP with the versioned fixture <c>acme_views</c>:
/// installed with the pack, merged three ways on upgrade (the tenant's edit kept, the dry run listing every change, a
/// dropped view left in place), deleted on uninstall.
/// </summary>
public abstract class PackViewsSpec(PlatformApp app)
{
    private const string Pack = "acme_views";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_packs_views_install_upgrade_keeping_the_tenants_edit_and_go_with_the_uninstall()
    {
        var (tenant, key) = await app.CreateTenantAsync("pack-views");
        var client = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id = Pack, version = "1.0.0" }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));

        var views = await ViewsAsync(client, root);
        Assert.Equal(["acme_open", "acme_big", "acme_refused"], views.Select(v => v.ApiName));
        Assert.True(views[0].Default);
        Assert.Equal("未结理赔", views[0].LabelIn("zh-CN"));
        Assert.Equal(["acme_title", "acme_status", "acme_amount"], views[0].Columns);
        Assert.Contains((await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!["components"]!.AsArray(),
            c => c!["kind"]!.GetValue<string>() == "view" && c["name"]!.GetValue<string>() == "acme_claim.acme_open");

        // The tenant renames the default view; the publisher changes its order and the big view's filter, adds one and drops one.
        var edited = await client.PutAsJsonAsync($"{root}/shared-views/acme_claim/acme_open", new
        {
            label = new Dictionary<string, string> { ["en"] = "Our open claims", ["zh-CN"] = "未结理赔" },
            columns = views[0].Columns, filter = views[0].Filter, orderBy = views[0].OrderBy, @default = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var dry = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0", dryRun = true });
        Assert.Equal("updated", Change(dry, "acme_claim.acme_open", "orderBy")!["change"]!.GetValue<string>());
        Assert.Null(Change(dry, "acme_claim.acme_open", "label.en"));
        Assert.Equal("updated", Change(dry, "acme_claim.acme_big", "filter")!["change"]!.GetValue<string>());
        Assert.Equal("added", Change(dry, "acme_claim.acme_paid", null)!["change"]!.GetValue<string>());
        Assert.Equal("deprecated", Change(dry, "acme_claim.acme_refused", null)!["change"]!.GetValue<string>());
        Assert.Equal("acme_amount desc", (await ViewsAsync(client, root))[0].OrderBy);

        var applied = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0" });
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());
        var after = (await ViewsAsync(client, root)).ToDictionary(v => v.ApiName);
        Assert.Equal(("Our open claims", "acme_title asc", true), (after["acme_open"].LabelIn("en"), after["acme_open"].OrderBy, after["acme_open"].Default));
        Assert.Equal("acme_amount gt 5000", after["acme_big"].Filter);
        Assert.Equal("acme_status eq 'paid'", after["acme_paid"].Filter);
        Assert.Equal("acme_status eq 'refused'", after["acme_refused"].Filter);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{root}/packs/{Pack}", Ct)).StatusCode);
        var gone = await client.GetAsync($"{root}/shared-views/acme_claim", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        // Brought back from the recycle bin, the entity has none of the pack's views.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{root}/metadata/entities/acme_claim/restore", null, Ct)).StatusCode);
        Assert.Empty(await ViewsAsync(client, root));
    }

    [Fact]
    public async Task The_core_pack_opens_opportunities_with_its_default_view_of_open_ones()
    {
        var (tenant, key) = await app.CreateTenantAsync("pack-views-core");
        var client = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        (await client.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct)).EnsureSuccessStatusCode();

        var views = (await client.GetFromJsonAsync<SharedViewResponse[]>($"{root}/shared-views/opportunity", Ct))!;
        var opening = Assert.Single(views, v => v.Default);

        Assert.Equal(("openOpportunities", "进行中的商机", "closeDate asc"), (opening.ApiName, opening.LabelIn("zh-CN"), opening.OrderBy));
        Assert.All(views, v => Assert.Null(v.Problems));
        var query = await client.GetAsync($"{root}/data/opportunity?$filter={Uri.EscapeDataString(opening.Filter!)}&$orderby={Uri.EscapeDataString(opening.OrderBy!)}", Ct);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    private static async Task<List<SharedViewResponse>> ViewsAsync(HttpClient client, string root)
    {
        var views = (await client.GetFromJsonAsync<SharedViewResponse[]>($"{root}/shared-views/acme_claim", Ct))!;
        var order = new[] { "acme_open", "acme_big", "acme_refused", "acme_paid" };
        return [.. views.OrderBy(v => Array.IndexOf(order, v.ApiName))];
    }
}

[Collection(OnSqlite.Name)]
public sealed class PackViewsOnSqlite(SqliteApp app) : PackViewsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackViewsOnPostgres(PostgresApp app) : PackViewsSpec(app);

/// <summary>The validator's checks of <c>views/</c>: every problem with its file, path and reason.</summary>
public sealed class PackViewsValidationSpec
{
    private static readonly string[] Words = ["prefix", "'nope'", "not indexed", "position", "at most one", "no entity 'nothing'"];

    private const string Manifest = "id: acme_v\npublisher: acme\nprefix: acme\nversion: 1.0.0\nname: { en: V }\n";

    private const string Entity = """
        apiName: acme_claim
        label: Claim
        fields:
          - { apiName: acme_title, label: Title, type: text, indexed: true }
          - { apiName: acme_amount, label: Amount, type: currency, indexed: true }
          - { apiName: acme_notes, label: Notes, type: text }
        """;

    [Fact]
    public void A_view_is_checked_against_the_packs_entities_with_the_query_services_rules()
    {
        var problems = Validate(new Dictionary<string, string>
        {
            ["views/acme_claim.yaml"] = """
                views:
                  - { apiName: open, label: { en: Open }, columns: [acme_title, nope], filter: "acme_notes eq 'x'", orderBy: nope desc, default: true }
                  - { apiName: acme_big, label: { en: Big }, filter: acme_amount gt, default: true }
                  - { apiName: acme_fine, label: { en: Fine, zh-CN: 好 }, columns: [name, acme_amount], filter: "acme_amount gt 10 and acme_title eq 'x'", orderBy: acme_amount desc }
                """,
            ["views/nothing.yaml"] = "views:\n  - { apiName: acme_x, label: { en: X } }\n",
        });

        Assert.Equal(
        [
            // each: file, path, a word of the reason
            ("views/acme_claim.yaml", "views[0].apiName", "prefix"),
            ("views/acme_claim.yaml", "views[0].columns[1]", "'nope'"),
            ("views/acme_claim.yaml", "views[0].filter", "not indexed"),
            ("views/acme_claim.yaml", "views[0].orderBy", "'nope'"),
            ("views/acme_claim.yaml", "views[1].filter", "position"),
            ("views/acme_claim.yaml", "views[1].default", "at most one"),
            ("views/nothing.yaml", string.Empty, "no entity 'nothing'"),
        ], problems.Select(p => (p.File, p.Path, Word(p))));

        string Word(PackProblem p) => Words.FirstOrDefault(w => p.Reason.Contains(w, StringComparison.Ordinal)) ?? p.Reason;
    }

    [Fact]
    public void A_view_file_breaking_its_schema_is_refused_by_the_reader()
    {
        var read = PackReader.Read(Files(new Dictionary<string, string> { ["views/acme_claim.yaml"] = "views:\n  - { apiName: acme_x, label: { fr: X } }\n" }));

        Assert.Null(read.Pack);
        Assert.Contains(read.Problems, p => p.File == "views/acme_claim.yaml" && p.Path.StartsWith("views[0].label", StringComparison.Ordinal));
    }

    private static IReadOnlyList<PackProblem> Validate(Dictionary<string, string> views)
    {
        var read = PackReader.Read(Files(views));
        Assert.True(read.Pack is not null, string.Join('\n', read.Problems));
        return new PackValidator(new ExpressionCompiler(new MemoryCache(new MemoryCacheOptions()))).Validate(read.Pack, []);
    }

    private static Dictionary<string, string> Files(Dictionary<string, string> views)
    {
        var files = new Dictionary<string, string>(views, StringComparer.Ordinal) { ["pack.yaml"] = Manifest, ["entities/claim.yaml"] = Entity };
        return files;
    }
}
