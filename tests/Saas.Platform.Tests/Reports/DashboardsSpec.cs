using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Reports;

/// <summary>
/// Dashboards through <c>/t/{tenant}/api/dashboards</c>: admins define widgets (a report and a chart), every member opens
/// them, and each widget's report runs as the member looking; bad widgets are refused by path.
/// </summary>
public abstract class DashboardsSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Pipeline(string? filter = null) => new
    {
        apiName = "pipeline",
        label = new Dictionary<string, string> { ["en"] = "Pipeline", ["zh-CN"] = "销售漏斗" },
        widgets = new object[]
        {
            new { title = new { en = "Open amount" }, chart = "metric", entity = "deal", aggregate = "sum", field = "amount", filter },
            new { title = new { en = "Deals by stage" }, chart = "bar", entity = "deal", groupBy = "stage" },
        },
    };

    [Fact]
    public async Task An_admin_defines_a_dashboard_and_a_member_opens_it_with_each_widgets_report()
    {
        var (admin, root, tenant, key) = await TenantAsync("dash");
        var created = await admin.PostAsJsonAsync($"{root}/dashboards", Pipeline("stage ne 'lost'"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var member = await app.AddMemberAsync(tenant, key, $"m-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var person = await app.SignedInAsync(member.Email);

        var listed = (await person.GetFromJsonAsync<JsonArray>($"{root}/dashboards", Ct))!;
        var data = (await person.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{id}/data", Ct))!;

        Assert.Equal("销售漏斗", Assert.Single(listed)!["label"]!["zh-CN"]!.GetValue<string>());
        var widgets = data["widgets"]!.AsArray();
        Assert.Equal(300m, widgets[0]!["report"]!["value"]!.GetValue<decimal>());
        Assert.Equal(["open:2", "lost:1"], widgets[1]!["report"]!["groups"]!.AsArray().Select(g => $"{g!["key"]}:{g["count"]}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await person.PostAsJsonAsync($"{root}/dashboards", Pipeline() , Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.DeleteAsync($"{root}/dashboards/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_widgets_are_refused_by_their_path_and_a_taken_name_is_a_conflict()
    {
        var (admin, root, _, _) = await TenantAsync("dash-bad");
        var response = await admin.PostAsJsonAsync($"{root}/dashboards", new
        {
            apiName = "Bad Name",
            label = new { de = "Nein" },
            widgets = new object[]
            {
                new { title = new { en = "A" }, chart = "gauge", entity = "deal" },
                new { title = new { en = "B" }, chart = "bar", entity = "deal" },
                new { title = new { en = "C" }, chart = "metric", entity = "nothing" },
                new { title = new { en = "D" }, chart = "pie", entity = "deal", groupBy = "title" },
                new { title = new { en = "E" }, chart = "metric", entity = "deal", aggregate = "sum", field = "amount", filter = "amount gt" },
                new { chart = "metric", entity = "deal" },
            },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(
            ["apiName", "label.en", "widgets[0].chart", "widgets[1].groupBy", "widgets[2].entity", "widgets[3].groupBy", "widgets[4].filter", "widgets[5].title.en"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"{root}/dashboards", Pipeline(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"{root}/dashboards", Pipeline(), Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_replaces_and_deletes_a_dashboard_and_another_tenant_sees_none_of_it()
    {
        var (admin, root, _, _) = await TenantAsync("dash-edit");
        var id = (await (await admin.PostAsJsonAsync($"{root}/dashboards", Pipeline(), Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var (other, otherRoot, _, _) = await TenantAsync("dash-other");

        var replaced = await admin.PutAsJsonAsync($"{root}/dashboards/{id}", new
        {
            label = new { en = "Deals" },
            widgets = new object[] { new { title = new { en = "Count" }, chart = "metric", entity = "deal" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var data = (await admin.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{id}/data", Ct))!;
        Assert.Equal(3, Assert.Single(data["widgets"]!.AsArray())!["report"]!["count"]!.GetValue<long>());

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{otherRoot}/dashboards/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"{otherRoot}/dashboards/{id}", Ct)).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonArray>($"{otherRoot}/dashboards", Ct))!);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{root}/dashboards/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{root}/dashboards/{id}/data", Ct)).StatusCode);
    }

    /// <summary>A tenant with a "deal" entity (title, an indexed stage picklist and amount) holding three deals.</summary>
    private async Task<(HttpClient Admin, string Root, string Tenant, string Key)> TenantAsync(string prefix)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var admin = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        var entity = await admin.PostAsJsonAsync($"{root}/metadata/entities", new
        {
            apiName = "deal", label = new { en = "Deal" }, pluralLabel = new { en = "Deals" },
            fields = new object[]
            {
                new { apiName = "title", label = new { en = "Title" }, type = "text" },
                new
                {
                    apiName = "stage", label = new { en = "Stage" }, type = "picklist", indexed = true,
                    settings = new { values = new object[] { new { apiName = "open", label = new { en = "Open" }, order = 1 }, new { apiName = "lost", label = new { en = "Lost" }, order = 2 } } },
                },
                new { apiName = "amount", label = new { en = "Amount" }, type = "currency", indexed = true },
            },
        }, Ct);
        Assert.True(entity.IsSuccessStatusCode, await entity.Content.ReadAsStringAsync(Ct));
        foreach (var deal in new object[] { new { title = "A", stage = "open", amount = 100 }, new { title = "B", stage = "open", amount = 200 }, new { title = "C", stage = "lost", amount = 400 } })
        {
            (await admin.PostAsJsonAsync($"{root}/data/deal", deal, Ct)).EnsureSuccessStatusCode();
        }

        return (admin, root, tenant.Identifier, key);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DashboardsOnSqlite(SqliteApp app) : DashboardsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class DashboardsOnPostgres(PostgresApp app) : DashboardsSpec(app);
