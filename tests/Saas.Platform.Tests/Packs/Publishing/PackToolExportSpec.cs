using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>
/// The pack tool's <c>new</c>, <c>build</c> and <c>export</c>, run in process against a real host: a new pack validates
/// as written; a tenant configured through the API exports to a folder that validates, publishes and installs into a
/// fresh tenant with the same entities, fields, labels, rule and workflow; the export is for the tenant's admins only.
/// </summary>
public abstract class PackToolExportSpec(PlatformApp app)
{
    private static readonly string[] Compared = ["apiName", "type", "label", "helpText", "required", "unique", "indexed", "readOnly", "displayOrder", "settings", "defaultValue"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Verticals => Path.Combine(AppContext.BaseDirectory, "Verticals");

    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures");

    [Fact]
    public async Task New_writes_a_pack_that_validates_and_builds_and_refuses_bad_names_and_a_used_folder()
    {
        var work = NewFolder();
        var folder = Path.Combine(work, "zz_notes");
        var created = await RunAsync("new", folder, "--id", "zz_notes", "--publisher", "zz", "--prefix", "zz");
        Assert.True(created.Code == 0, created.Error);
        Assert.True(File.Exists(Path.Combine(folder, "translations", "zh-CN.yaml")));
        Assert.True(File.Exists(Path.Combine(folder, "translations", "en.yaml")));
        Assert.True(File.Exists(Path.Combine(folder, "permissions.yaml")));

        var validated = await RunAsync("validate", folder, "--catalog", Verticals);
        Assert.True(validated.Code == 0, validated.Error);

        // build is the name for zipping; pack stays as its alias.
        foreach (var command in new[] { "build", "pack" })
        {
            var zip = Path.Combine(work, $"{command}.zip");
            var built = await RunAsync(command, folder, "-o", zip, "--catalog", Verticals);
            Assert.True(built.Code == 0, built.Error);
            using var archive = ZipFile.OpenRead(zip);
            Assert.Contains("pack.yaml", archive.Entries.Select(e => e.FullName));
            Assert.Contains("entities/item.yaml", archive.Entries.Select(e => e.FullName));
        }

        var again = await RunAsync("new", folder, "--id", "zz_notes", "--publisher", "zz", "--prefix", "zz");
        Assert.Equal(1, again.Code);
        Assert.Contains("not empty", again.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work, "other", "pack.yaml")));
        var badId = await RunAsync("new", Path.Combine(work, "other"), "--id", "Bad-Id", "--publisher", "zz", "--prefix", "zz");
        Assert.Equal(1, badId.Code);
        Assert.StartsWith("--id: 'Bad-Id' is not a pack id", badId.Error, StringComparison.Ordinal);
        var badPrefix = await RunAsync("new", Path.Combine(work, "other"), "--id", "zz_other", "--publisher", "zz", "--prefix", "zz_x");
        Assert.Equal(1, badPrefix.Code);
        Assert.StartsWith("--prefix: 'zz_x' is not a prefix", badPrefix.Error, StringComparison.Ordinal);
        Assert.Single(badPrefix.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(work, "other")));
    }

    [Fact]
    public async Task A_configured_tenant_exports_to_a_pack_that_validates_publishes_and_installs_the_same_configuration()
    {
        var publisher = await app.PublisherAsync();
        var p = publisher.Id;
        var (tenant, key) = await app.CreateTenantAsync("export");
        var source = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        await ConfigureAsync(source, root, p);

        // A pack installed in the tenant is not exported unless asked: its entities are the pack's, not the tenant's.
        // A lookup of the tenant's own entity to a pack's entity makes the pack a dependency (at the installed version, the catalog's newest).
        (await source.PostAsJsonAsync($"{root}/packs", new { id = "acme_upgrade" }, Ct)).EnsureSuccessStatusCode();
        var lookup = await source.PostAsJsonAsync($"{root}/metadata/entities/{p}_shop/fields", new
        {
            apiName = $"{p}_ticket",
            label = new Dictionary<string, string> { ["en"] = "Ticket", ["zh-CN"] = "工单" },
            type = "lookup",
            settings = new { targetEntity = "acme_ticket" },
        }, Ct);
        Assert.True(lookup.IsSuccessStatusCode, await lookup.Content.ReadAsStringAsync(Ct));

        var work = NewFolder();
        var folder = Path.Combine(work, $"{p}_shop");
        string[] Export(string to, params string[] more) =>
            ["export", "--url", app.Server.BaseAddress.ToString(), "--tenant", tenant.Identifier, "--token", key, "-o", to, "--id", $"{p}_shop", "--publisher", p, "--prefix", p, .. more];

        var exported = await RunAsync(Export(folder));
        Assert.True(exported.Code == 0, exported.Error);
        Assert.Contains("written", exported.Output, StringComparison.Ordinal);
        Assert.Equal(
            [$"entities/{p}_order.yaml", $"entities/{p}_shop.yaml"],
            Directory.GetFiles(Path.Combine(folder, "entities")).Select(f => $"entities/{Path.GetFileName(f)}").Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "workflows")));
        Assert.Contains("订单状态", await File.ReadAllTextAsync(Path.Combine(folder, "translations", "zh-CN.yaml"), Ct), StringComparison.Ordinal);

        Assert.Contains("acme_upgrade: \"^2.0.0\"", await File.ReadAllTextAsync(Path.Combine(folder, "pack.yaml"), Ct), StringComparison.Ordinal);
        var validated = await RunAsync("validate", folder, "--catalog", Verticals, "--catalog", Fixtures);
        Assert.True(validated.Code == 0, validated.Error);

        // With --include-packs, the pack's entity is exported too (under the pack's prefix here).
        var copy = Path.Combine(work, "acme_copy");
        var included = await RunAsync(["export", "--url", app.Server.BaseAddress.ToString(), "--tenant", tenant.Identifier, "--token", key,
            "-o", copy, "--id", "acme_copy", "--publisher", "acme", "--prefix", "acme", "--entities", "acme_ticket", "--include-packs"]);
        Assert.True(included.Code == 0, included.Error);
        Assert.True(File.Exists(Path.Combine(copy, "entities", "acme_ticket.yaml")));
        Assert.True((await RunAsync("validate", copy, "--catalog", Verticals)).Code == 0);

        // Asking for a pack's entity without --include-packs is refused with one clear line; nothing is written.
        var packEntity = await RunAsync(Export(Path.Combine(work, "packs"), "--entities", "acme_ticket"));
        Assert.Equal(1, packEntity.Code);
        Assert.Contains("comes from the installed pack 'acme_upgrade'", packEntity.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "packs")));

        // Components without the prefix would not validate: the problems come back as lines and nothing is written.
        var unprefixed = await RunAsync(["export", "--url", app.Server.BaseAddress.ToString(), "--tenant", tenant.Identifier, "--token", key,
            "-o", Path.Combine(work, "wrong"), "--id", "zq_shop", "--publisher", "zq", "--prefix", "zq"]);
        Assert.Equal(1, unprefixed.Code);
        Assert.Contains($"entities/{p}_order.yaml: apiName: '{p}_order' must start with the pack's prefix 'zq_'", unprefixed.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "wrong")));

        // A field the tenant added to the pack's entity is exported as an extension of that entity.
        var added = await source.PostAsJsonAsync($"{root}/metadata/entities/acme_ticket/fields", new
        {
            apiName = $"{p}_channel",
            label = new Dictionary<string, string> { ["en"] = "Channel", ["zh-CN"] = "渠道" },
            type = "text",
        }, Ct);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync(Ct));
        folder = Path.Combine(work, $"{p}_shop_extended");
        var extended = await RunAsync(Export(folder));
        Assert.True(extended.Code == 0, extended.Error);
        Assert.Contains($"apiName: {p}_channel", await File.ReadAllTextAsync(Path.Combine(folder, "extensions", "acme_ticket.yaml"), Ct), StringComparison.Ordinal);

        // Build, sign, publish with the tool; an operator publishes; a fresh tenant installs it from the catalog.
        var zip = Path.Combine(work, "shop.zip");
        var privateKey = Path.Combine(work, "key.pem");
        await File.WriteAllTextAsync(privateKey, publisher.PrivateKeyPem, Ct);
        Assert.Equal(0, (await RunAsync("build", folder, "-o", zip, "--catalog", Verticals, "--catalog", Fixtures)).Code);
        Assert.Equal(0, (await RunAsync("sign", zip, "--key", privateKey)).Code);
        var published = await RunAsync("publish", zip, "--url", app.Server.BaseAddress.ToString(), "--token", publisher.Client.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.True(published.Code == 0, published.Error);
        (await app.Operator().PostAsync($"/api/catalog/packs/{p}_shop/versions/1.0.0/publish", null, Ct)).EnsureSuccessStatusCode();

        var (fresh, freshKey) = await app.CreateTenantAsync("import");
        var target = app.ClientWithKey(freshKey);
        var freshRoot = $"/t/{fresh.Identifier}/api";
        (await target.PostAsJsonAsync($"{freshRoot}/packs", new { id = "acme_upgrade" }, Ct)).EnsureSuccessStatusCode();
        var installed = await target.PostAsJsonAsync($"{freshRoot}/packs", new { id = $"{p}_shop" }, Ct);
        Assert.True(installed.IsSuccessStatusCode, await installed.Content.ReadAsStringAsync(Ct));

        foreach (var entity in new[] { $"{p}_shop", $"{p}_order" })
        {
            var before = (await source.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/{entity}", Ct))!;
            var after = (await target.GetFromJsonAsync<JsonObject>($"{freshRoot}/metadata/entities/{entity}", Ct))!;
            Assert.Equal(before["label"]!.ToJsonString(), after["label"]!.ToJsonString());
            Assert.Equal(before["pluralLabel"]!.ToJsonString(), after["pluralLabel"]!.ToJsonString());
            var beforeFields = before["fields"]!.AsArray().Select(f => Describe(f!)).ToList();
            var afterFields = after["fields"]!.AsArray().Select(f => Describe(f!)).ToList();
            Assert.Equal(beforeFields, afterFields);
        }

        var ticket = (await target.GetFromJsonAsync<JsonObject>($"{freshRoot}/metadata/entities/acme_ticket", Ct))!;
        var channel = ticket["fields"]!.AsArray().Single(f => f!["apiName"]!.GetValue<string>() == $"{p}_channel")!;
        Assert.Equal("渠道", channel["label"]!["zh-CN"]!.GetValue<string>());

        var rules = (await target.GetFromJsonAsync<JsonArray>($"{freshRoot}/metadata/entities/{p}_order/rules", Ct))!;
        var rule = Assert.Single(rules)!;
        Assert.Equal($"{p}_amount lt 0", rule["errorCondition"]!.GetValue<string>());
        Assert.Equal("金额不能为负数。", rule["errorMessage"]!["zh-CN"]!.GetValue<string>());
        var workflows = (await target.GetFromJsonAsync<JsonArray>($"{freshRoot}/workflows", Ct))!;
        var workflow = Assert.Single(workflows)!;
        Assert.Equal("Mark shipped", workflow["name"]!.GetValue<string>());
        Assert.Equal("published", workflow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_is_for_the_tenants_admins_only_and_never_another_tenants()
    {
        var (tenant, key) = await app.CreateTenantAsync("exp-a");
        var (_, otherKey) = await app.CreateTenantAsync("exp-b");
        await ConfigureAsync(app.ClientWithKey(key), $"/t/{tenant.Identifier}/api", "zz");
        var staffKey = await app.ClientWithKey(key).PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = "Staff", role = "staff" }, Ct);
        staffKey.EnsureSuccessStatusCode();
        var staffSecret = (await staffKey.Content.ReadFromJsonAsync<JsonObject>(Ct))!["secret"]!.GetValue<string>();
        var work = NewFolder();

        string[] Export(string token, string to) =>
            ["export", "--url", app.Server.BaseAddress.ToString(), "--tenant", tenant.Identifier, "--token", token, "-o", to, "--id", "zz_shop", "--publisher", "zz", "--prefix", "zz"];

        var staff = await RunAsync(Export(staffSecret, Path.Combine(work, "staff")));
        Assert.Equal(1, staff.Code);
        Assert.StartsWith("403 Forbidden: ", staff.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "staff")));

        var other = await RunAsync(Export(otherKey, Path.Combine(work, "other")));
        Assert.Equal(1, other.Code);
        Assert.Matches("^(401|403|404) ", other.Error);
        Assert.False(Directory.Exists(Path.Combine(work, "other")));

        var admin = await RunAsync(Export(key, Path.Combine(work, "admin")));
        Assert.True(admin.Code == 0, admin.Error);
    }

    /// <summary>Two entities with a text, a number, a picklist with Chinese labels, a lookup, a validation rule and a published workflow.</summary>
    private static async Task ConfigureAsync(HttpClient client, string root, string p)
    {
        var shop = await client.PostAsJsonAsync($"{root}/metadata/entities", new
        {
            apiName = $"{p}_shop",
            label = new Dictionary<string, string> { ["en"] = "Shop", ["zh-CN"] = "门店" },
            pluralLabel = new Dictionary<string, string> { ["en"] = "Shops", ["zh-CN"] = "门店" },
            fields = new object[] { new { apiName = $"{p}_title", label = new Dictionary<string, string> { ["en"] = "Title", ["zh-CN"] = "名称" }, type = "text" } },
        }, Ct);
        Assert.True(shop.IsSuccessStatusCode, await shop.Content.ReadAsStringAsync(Ct));
        var order = await client.PostAsJsonAsync($"{root}/metadata/entities", new
        {
            apiName = $"{p}_order",
            label = new Dictionary<string, string> { ["en"] = "Order", ["zh-CN"] = "订单" },
            pluralLabel = new Dictionary<string, string> { ["en"] = "Orders", ["zh-CN"] = "订单" },
            fields = new object[]
            {
                new { apiName = $"{p}_code", label = new Dictionary<string, string> { ["en"] = "Code", ["zh-CN"] = "编号" }, type = "text", required = true, settings = new { maxLength = 20 } },
                new { apiName = $"{p}_amount", label = new Dictionary<string, string> { ["en"] = "Amount" }, type = "number", settings = new { precision = 10, scale = 2 } },
                new
                {
                    apiName = $"{p}_status",
                    label = new Dictionary<string, string> { ["en"] = "Order status", ["zh-CN"] = "订单状态" },
                    type = "picklist",
                    settings = new
                    {
                        values = new object[]
                        {
                            new { apiName = "open", label = new Dictionary<string, string> { ["en"] = "Open", ["zh-CN"] = "待处理" }, isDefault = true },
                            new { apiName = "shipped", label = new Dictionary<string, string> { ["en"] = "Shipped", ["zh-CN"] = "已发货" } },
                        },
                    },
                },
                new { apiName = $"{p}_shop", label = new Dictionary<string, string> { ["en"] = "Shop" }, type = "lookup", settings = new { targetEntity = $"{p}_shop" } },
            },
        }, Ct);
        Assert.True(order.IsSuccessStatusCode, await order.Content.ReadAsStringAsync(Ct));
        var rule = await client.PostAsJsonAsync($"{root}/metadata/entities/{p}_order/rules", new
        {
            apiName = $"{p}_amountNotNegative",
            errorCondition = $"{p}_amount lt 0",
            errorField = $"{p}_amount",
            errorMessage = new Dictionary<string, string> { ["en"] = "The amount cannot be negative.", ["zh-CN"] = "金额不能为负数。" },
        }, Ct);
        Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync(Ct));
        var workflow = await client.PostAsJsonAsync($"{root}/workflows", new
        {
            name = "Mark shipped",
            trigger = new { type = "manual", entity = $"{p}_order" },
            steps = new object[] { new { id = "ship", type = "updateFields", values = new Dictionary<string, string> { [$"{p}_status"] = "'shipped'" } } },
        }, Ct);
        Assert.True(workflow.IsSuccessStatusCode, await workflow.Content.ReadAsStringAsync(Ct));
        var id = (await workflow.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        (await client.PostAsync($"{root}/workflows/{id}/publish", null, Ct)).EnsureSuccessStatusCode();

        // A draft never published is not part of the export.
        (await client.PostAsJsonAsync($"{root}/workflows", new
        {
            name = "Unfinished",
            trigger = new { type = "manual", entity = $"{p}_order" },
            steps = new object[] { new { id = "ship", type = "updateFields", values = new Dictionary<string, string> { [$"{p}_status"] = "'open'" } } },
        }, Ct)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// What an installed field must have in common with the configured one: name, type, labels, flags, settings. Picklist
    /// values keep their order, but not its numbers (the API starts them at 0 when none are given, a pack install at 1).
    /// </summary>
    private static string Describe(JsonNode field)
    {
        var copy = field.DeepClone();
        foreach (var value in copy["settings"]?["values"]?.AsArray() ?? [])
        {
            value!.AsObject().Remove("order");
        }

        return string.Join('|', Compared.Select(name => copy[name]?.ToJsonString() ?? "-"));
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saas-tests", "tool", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Saas.PackTool.PackTool.RunAsync(args, output, error, app.Server.CreateHandler(), Ct);
        return (code, output.ToString(), error.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PackToolExportOnSqlite(SqliteApp app) : PackToolExportSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackToolExportOnPostgres(PostgresApp app) : PackToolExportSpec(app);
