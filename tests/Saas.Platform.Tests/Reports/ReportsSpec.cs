using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Reports;

/// <summary>
/// Reports through <c>GET /t/{tenant}/api/reports/{entity}</c>: records counted and aggregated, grouped by a picklist, a
/// boolean, a lookup, the owner or a date by period, over the index, only what the caller may read; bad requests named.
/// </summary>
public abstract class ReportsSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deals_are_counted_and_summed_by_stage_in_the_picklists_order_with_the_deals_without_a_stage_last()
    {
        var (api, root) = await TenantWithDealsAsync("rep-stage");

        var report = await ReportAsync(api, $"{root}/reports/deal?groupBy=stage&aggregate=sum&field=amount");

        Assert.Equal((7L, 4350m), (report["count"]!.GetValue<long>(), report["value"]!.GetValue<decimal>()));
        Assert.Equal(
            ["prospecting:2:300", "won:3:3500", "lost:1:50", ":1:500"],
            Groups(report).Select(g => $"{g["key"]?.GetValue<string>()}:{g["count"]!.GetValue<long>()}:{g["value"]!.GetValue<decimal>():0.##}"));
        Assert.Equal("赢单", Groups(report)[1]["label"]!["zh-CN"]!.GetValue<string>());
        Assert.False(report["more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Averages_minimums_and_maximums_follow_the_filter_and_ignore_deals_without_an_amount()
    {
        var (api, root) = await TenantWithDealsAsync("rep-agg");

        var average = await ReportAsync(api, $"{root}/reports/deal?aggregate=avg&field=amount&$filter=stage eq 'won'");
        var smallest = await ReportAsync(api, $"{root}/reports/deal?aggregate=min&field=amount&groupBy=priority");
        var largest = await ReportAsync(api, $"{root}/reports/deal?aggregate=max&field=amount&$filter=amount lt 1000");

        Assert.Equal((3L, Math.Round(3500m / 3, 6)), (average["count"]!.GetValue<long>(), Math.Round(average["value"]!.GetValue<decimal>(), 6)));
        Assert.Equal(["true:3:50", "false:3:100", ":1:500"], Groups(smallest).Select(g => $"{g["key"]?.ToJsonString() ?? string.Empty}:{g["count"]}:{g["value"]?.GetValue<decimal>():0.##}".Replace("\"", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(500m, largest["value"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Deals_group_by_close_month_quarter_and_year_with_empty_periods_in_between()
    {
        var (api, root) = await TenantWithDealsAsync("rep-dates");

        var months = await ReportAsync(api, $"{root}/reports/deal?groupBy=closeDate");
        var quarters = await ReportAsync(api, $"{root}/reports/deal?groupBy=closeDate&interval=quarter&aggregate=sum&field=amount");
        var years = await ReportAsync(api, $"{root}/reports/deal?groupBy=closeDate&interval=year");

        Assert.Equal(["2026-01:2", "2026-02:0", "2026-03:1", "2026-04:3", ":1"], Groups(months).Select(g => $"{g["key"]}:{g["count"]}"));
        Assert.Equal(["2026-Q1:3:1300", "2026-Q2:3:2550", ":1:500"], Groups(quarters).Select(g => $"{g["key"]}:{g["count"]}:{g["value"]!.GetValue<decimal>():0.##}"));
        Assert.Equal(["2026:6", ":1"], Groups(years).Select(g => $"{g["key"]}:{g["count"]}"));
    }

    [Fact]
    public async Task Deals_group_by_account_with_its_name_and_those_without_an_account_last()
    {
        var (api, root) = await TenantWithDealsAsync("rep-lookup");

        var byAccount = await ReportAsync(api, $"{root}/reports/deal?groupBy=account&aggregate=sum&field=amount");

        Assert.Equal(["Acme:4:3600", "Globex:2:250", ":1:500"], Groups(byAccount).Select(g => $"{g["name"]?.GetValue<string>()}:{g["count"]}:{g["value"]!.GetValue<decimal>():0.##}"));
    }

    [Fact]
    public async Task Bad_reports_are_refused_naming_the_parameter_and_saying_what_to_do()
    {
        var (api, root) = await TenantWithDealsAsync("rep-bad");

        await RefusedAsync(api, $"{root}/reports/deal?aggregate=median&field=amount", "aggregate", "count, sum, avg, min, max");
        await RefusedAsync(api, $"{root}/reports/deal?aggregate=sum", "field", "needs the number field");
        await RefusedAsync(api, $"{root}/reports/deal?aggregate=sum&field=title", "field", "not a number");
        await RefusedAsync(api, $"{root}/reports/deal?aggregate=sum&field=discount", "field", "not indexed");
        await RefusedAsync(api, $"{root}/reports/deal?field=amount", "field", "A count takes no field");
        await RefusedAsync(api, $"{root}/reports/deal?groupBy=title", "groupBy", "picklist, boolean, lookup, owner or date");
        await RefusedAsync(api, $"{root}/reports/deal?groupBy=nothing", "groupBy", "no field 'nothing'");
        await RefusedAsync(api, $"{root}/reports/deal?groupBy=stage&interval=month", "interval", "date field only");
        await RefusedAsync(api, $"{root}/reports/deal?groupBy=closeDate&interval=week", "interval", "month, quarter, year");
        await RefusedAsync(api, $"{root}/reports/deal?$filter=amount gt", "$filter", string.Empty);
        await RefusedAsync(api, $"{root}/reports/deal?$orderby=amount", "$orderby", "not a report parameter");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{root}/reports/nothing", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_member_who_may_read_only_their_own_deals_without_amounts_is_reported_only_those_and_may_not_sum_amounts()
    {
        var (api, root) = await TenantWithDealsAsync("rep-scope");
        var tenant = root.Split('/')[2];
        var set = await CreatedAsync(api, $"{root}/access/permission-sets", new
        {
            name = "Own deals",
            rules = new { deal = new { create = true, read = "own", update = "own", otherFields = "edit", fields = new { amount = "none" } } },
        });
        (await api.PutAsJsonAsync($"{root}/access/roles/staff", new { permissionSets = new[] { set } }, Ct)).EnsureSuccessStatusCode();
        var rep = await app.AddMemberAsync(tenant, Key(api), $"rep-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var person = await app.SignedInAsync(rep.Email);
        await CreatedAsync(person, $"{root}/data/deal", new { title = "Mine", stage = "won" });

        var mine = await ReportAsync(person, $"{root}/reports/deal?groupBy=stage");
        Assert.Equal(["won:1"], Groups(mine).Select(g => $"{g["key"]}:{g["count"]}"));
        await RefusedAsync(person, $"{root}/reports/deal?aggregate=sum&field=amount", "field", "no field 'amount'");
        var byOwner = await ReportAsync(api, $"{root}/reports/deal?groupBy=ownerId");
        Assert.Contains(Groups(byOwner), g => g["name"]?.GetValue<string>() == rep.DisplayName && g["count"]!.GetValue<long>() == 1);

        var (other, otherRoot) = await TenantAsync("rep-other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{otherRoot}/reports/deal", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{root}/reports/deal", Ct)).StatusCode);
    }

    private static List<JsonNode> Groups(JsonObject report) => [.. report["groups"]!.AsArray().Select(g => g!)];

    private static async Task<JsonObject> ReportAsync(HttpClient api, string path)
    {
        var response = await api.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task RefusedAsync(HttpClient api, string path, string parameter, string reason)
    {
        var response = await api.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {body}");
        var errors = JsonNode.Parse(body)!["errors"]![parameter]!.AsArray();
        Assert.Contains(reason, errors[0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Key(HttpClient api) => api.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

    private async Task<(HttpClient Api, string Root)> TenantAsync(string prefix)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        return (app.ClientWithKey(key), $"/t/{tenant.Identifier}/api");
    }

    /// <summary>
    /// Accounts Acme and Globex; seven deals: stage (a picklist with Chinese labels), amount (currency), priority
    /// (boolean), closeDate (date), account (lookup), all indexed, and an unindexed discount.
    /// </summary>
    private async Task<(HttpClient Api, string Root)> TenantWithDealsAsync(string prefix)
    {
        var (api, root) = await TenantAsync(prefix);
        await CreatedAsync(api, $"{root}/metadata/entities", new
        {
            apiName = "company", label = new { en = "Company" }, pluralLabel = new { en = "Companies" },
            fields = new object[] { new { apiName = "companyName", label = new { en = "Name" }, type = "text", required = true } },
        });
        await CreatedAsync(api, $"{root}/metadata/entities", new
        {
            apiName = "deal", label = new { en = "Deal" }, pluralLabel = new { en = "Deals" },
            fields = new object[]
            {
                new { apiName = "title", label = new { en = "Title" }, type = "text", indexed = true },
                new
                {
                    apiName = "stage", label = new { en = "Stage" }, type = "picklist", indexed = true,
                    settings = new
                    {
                        values = new object[]
                        {
                            new { apiName = "prospecting", label = new Dictionary<string, string> { ["en"] = "Prospecting", ["zh-CN"] = "潜在" }, order = 1 },
                            new { apiName = "won", label = new Dictionary<string, string> { ["en"] = "Won", ["zh-CN"] = "赢单" }, order = 2 },
                            new { apiName = "lost", label = new Dictionary<string, string> { ["en"] = "Lost", ["zh-CN"] = "丢单" }, order = 3 },
                        },
                    },
                },
                new { apiName = "amount", label = new { en = "Amount" }, type = "currency", indexed = true },
                new { apiName = "discount", label = new { en = "Discount" }, type = "number" },
                new { apiName = "priority", label = new { en = "Priority" }, type = "boolean", indexed = true },
                new { apiName = "closeDate", label = new { en = "Close date" }, type = "date", indexed = true },
                new { apiName = "account", label = new { en = "Account" }, type = "lookup", indexed = true, settings = new { targetEntity = "company" } },
            },
        });
        var acme = await CreatedAsync(api, $"{root}/data/company", new { companyName = "Acme" });
        var globex = await CreatedAsync(api, $"{root}/data/company", new { companyName = "Globex" });
        object[] deals =
        [
            new { title = "A", stage = "prospecting", amount = 100, priority = false, closeDate = "2026-01-05", account = acme },
            new { title = "B", stage = "prospecting", amount = 200, priority = false, closeDate = "2026-01-20", account = globex },
            new { title = "C", stage = "won", amount = 1000, priority = true, closeDate = "2026-03-31", account = acme },
            new { title = "D", stage = "won", amount = 2000, priority = false, closeDate = "2026-04-01", account = acme },
            new { title = "E", stage = "won", amount = 500, priority = true, closeDate = "2026-04-15", account = (string?)null },
            new { title = "F", stage = "lost", amount = 50, priority = true, closeDate = "2026-04-30", account = globex },
            new { title = "G", stage = (string?)null, amount = 500, priority = (bool?)null, closeDate = (string?)null, account = acme },
        ];
        foreach (var deal in deals)
        {
            await CreatedAsync(api, $"{root}/data/deal", deal);
        }

        return (api, root);
    }

    private static async Task<string> CreatedAsync(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!["id"]?.GetValue<string>() ?? string.Empty;
    }
}

[Collection(OnSqlite.Name)]
public sealed class ReportsOnSqlite(SqliteApp app) : ReportsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class ReportsOnPostgres(PostgresApp app) : ReportsSpec(app);
