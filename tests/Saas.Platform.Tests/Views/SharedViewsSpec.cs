using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.Security;
using Saas.Platform.Tests.Access;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Views;

namespace Saas.Platform.Tests.Views;

/// <summary>
/// Admins publish list views every member of the tenant sees (label per culture, columns, filter, order, one default per
/// entity); members list them next to their own private views but cannot change them. A view is checked as a query, and
/// checked again for each member who lists it, so a field deleted or hidden later never breaks the list.
/// </summary>
public abstract class SharedViewsSpec(PlatformApp app)
{
    private static readonly string[] TitleAndAmount = ["title", "amount"];

    private static readonly string[] TitleOnly = ["title"];

    private static readonly string[] TitleAndNope = ["title", "nope"];

    private static readonly string[] TitleAndRegion = ["title", "region"];

    private static readonly string[] TitleCostAmount = ["title", "cost", "amount"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_publishes_replaces_and_deletes_views_that_members_list_but_cannot_change()
    {
        var (tenant, _, admin, member) = await WorldAsync();
        var root = $"/t/{tenant}/api/shared-views/deal";

        var created = await admin.PutAsJsonAsync($"{root}/bigDeals", new
        {
            label = new Dictionary<string, string> { ["en"] = "Big deals", ["zh-CN"] = "大单" },
            columns = TitleAndAmount,
            filter = "amount gt 1000",
            orderBy = "amount desc",
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<SharedViewResponse>(Cancel))!;
        Assert.Equal(("bigDeals", "amount gt 1000", "amount desc", false), (view.ApiName, view.Filter, view.OrderBy, view.Default));
        Assert.Equal("大单", view.LabelIn("zh-CN"));

        // The member lists it, beside a personal view that stays theirs alone.
        await member.PostAsJsonAsync($"/t/{tenant}/api/views/deal", new { name = "Mine" }, Cancel);
        var listed = Assert.Single((await member.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);
        Assert.Equal(["title", "amount"], listed.Columns);
        Assert.Null(listed.Problems);
        Assert.Empty((await admin.GetFromJsonAsync<SavedViewResponse[]>($"/t/{tenant}/api/views/deal", Cancel))!);

        // A member cannot publish, replace or delete.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"{root}/bigDeals", new { label = new { en = "Mine now" } }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"{root}/other", new { label = new { en = "Other" } }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"{root}/bigDeals", Cancel)).StatusCode);

        // The same api name replaces the whole view.
        var replaced = await admin.PutAsJsonAsync($"{root}/bigDeals", new { label = new { en = "Huge deals" }, columns = TitleOnly, filter = "amount gt 5000" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var again = Assert.Single((await member.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);
        Assert.Equal((view.Id, "Huge deals", "amount gt 5000", (string?)null), (again.Id, again.LabelIn("zh-CN"), again.Filter, again.OrderBy));
        Assert.Equal(["title"], again.Columns);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{root}/bigDeals", Cancel)).StatusCode);
        Assert.Empty((await member.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{root}/bigDeals", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_bad_view_is_refused_with_every_reason_keyed_by_field_and_the_query_services_own_messages()
    {
        var (tenant, key, admin, _) = await WorldAsync();
        var root = $"/t/{tenant}/api/shared-views/deal";

        var refused = await admin.PutAsJsonAsync($"{root}/9bad", new
        {
            label = new Dictionary<string, string> { ["fr"] = "Grandes affaires" },
            columns = TitleAndNope,
            filter = "note eq 'x'",
            orderBy = "nope desc",
        }, Cancel);
        var query = await app.ClientWithKey(key).GetAsync($"/t/{tenant}/api/data/deal?$filter=note eq 'x'", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("apiName", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("label.fr", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("label.en", out _), errors.ToString());
        Assert.Contains("'nope'", errors.GetProperty("columns")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'nope'", errors.GetProperty("orderBy")[0].GetString(), StringComparison.Ordinal);
        var filterMessage = errors.GetProperty("filter")[0].GetString();
        Assert.Contains("not indexed", filterMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Equal(filterMessage, (await query.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").GetProperty("$filter")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/t/{tenant}/api/shared-views/nothing/all", new { label = new { en = "All" } }, Cancel)).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);
    }

    [Fact]
    public async Task One_view_per_entity_is_the_default_and_marking_another_moves_the_flag()
    {
        var (tenant, _, admin, member) = await WorldAsync();
        var root = $"/t/{tenant}/api/shared-views/deal";

        (await admin.PutAsJsonAsync($"{root}/all", new { label = new { en = "All deals" }, @default = true }, Cancel)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"{root}/big", new { label = new { en = "Big deals" }, filter = "amount gt 1000" }, Cancel)).EnsureSuccessStatusCode();
        var first = (await member.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!;
        (await admin.PutAsJsonAsync($"{root}/big", new { label = new { en = "Big deals" }, filter = "amount gt 1000", @default = true }, Cancel)).EnsureSuccessStatusCode();
        var second = (await member.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!;

        Assert.Equal([("all", true), ("big", false)], first.Select(v => (v.ApiName, v.Default)));
        Assert.Equal([("big", true), ("all", false)], second.Select(v => (v.ApiName, v.Default)));
    }

    [Fact]
    public async Task A_view_whose_field_was_deleted_lists_without_that_column_and_says_its_filter_no_longer_runs()
    {
        var (tenant, key, admin, member) = await WorldAsync();
        var root = $"/t/{tenant}/api/shared-views/deal";
        (await app.ClientWithKey(key).PostAsJsonAsync($"/t/{tenant}/api/metadata/entities/deal/fields",
            new { apiName = "region", label = new { en = "Region" }, type = "text", indexed = true }, Cancel)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"{root}/north", new { label = new { en = "North" }, columns = TitleAndRegion, filter = "region eq 'north'", orderBy = "region" }, Cancel)).EnsureSuccessStatusCode();

        (await app.ClientWithKey(key).DeleteAsync($"/t/{tenant}/api/metadata/entities/deal/fields/region", Cancel)).EnsureSuccessStatusCode();
        var listed = await member.GetAsync(root, Cancel);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var view = Assert.Single((await listed.Content.ReadFromJsonAsync<SharedViewResponse[]>(Cancel))!);
        Assert.Equal(["title"], view.Columns);
        Assert.Contains("'region'", view.Problems!["filter"][0], StringComparison.Ordinal);
        Assert.Contains("'region'", view.Problems!["orderBy"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_who_may_not_read_a_field_never_sees_it_as_a_column()
    {
        var world = await AccessWorld.CreateAsync(app, "sv-fls");
        await world.GiveAsync(TenantRoles.Staff, "No cost", new Dictionary<string, object>
        {
            ["deal"] = new { create = true, read = true, update = true, delete = true, fields = new { cost = "none" }, otherFields = "edit" },
        });
        var root = $"/t/{world.Tenant}/api/shared-views/deal";
        (await world.Admin.PutAsJsonAsync($"{root}/costly", new { label = new { en = "Costly" }, columns = TitleCostAmount, filter = "cost gt 10" }, Cancel)).EnsureSuccessStatusCode();
        var alice = await world.AsAsync(world.Alice);

        var seen = Assert.Single((await alice.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);
        var byAdmin = Assert.Single((await world.Admin.GetFromJsonAsync<SharedViewResponse[]>(root, Cancel))!);

        Assert.Equal(["title", "amount"], seen.Columns);
        Assert.Contains("'cost'", seen.Problems!["filter"][0], StringComparison.Ordinal);
        Assert.Equal(["title", "cost", "amount"], byAdmin.Columns);
        Assert.Null(byAdmin.Problems);
    }

    [Fact]
    public async Task Shared_views_stay_in_their_tenant()
    {
        var (tenant, _, admin, _) = await WorldAsync();
        var (other, _, outsider, _) = await WorldAsync();
        (await admin.PutAsJsonAsync($"/t/{tenant}/api/shared-views/deal/mine", new { label = new { en = "Mine" } }, Cancel)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{tenant}/api/shared-views/deal", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/t/{tenant}/api/shared-views/deal/mine", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/t/{other}/api/shared-views/deal/mine", Cancel)).StatusCode);
        Assert.Empty((await outsider.GetFromJsonAsync<SharedViewResponse[]>($"/t/{other}/api/shared-views/deal", Cancel))!);
        Assert.Single((await admin.GetFromJsonAsync<SharedViewResponse[]>($"/t/{tenant}/api/shared-views/deal", Cancel))!);
    }

    /// <summary>A tenant with a "deal" entity (an unindexed note among its fields), a signed-in admin and a staff member.</summary>
    private async Task<(string Tenant, string Key, HttpClient Admin, HttpClient Member)> WorldAsync()
    {
        var (tenant, key) = await app.CreateTenantAsync("sviews");
        var entity = await app.ClientWithKey(key).PostAsJsonAsync($"/t/{tenant.Identifier}/api/metadata/entities", new
        {
            apiName = "deal",
            label = new { en = "Deal" },
            pluralLabel = new { en = "Deals" },
            fields = new object[]
            {
                new { apiName = "title", label = new { en = "Title" }, type = "text", indexed = true },
                new { apiName = "amount", label = new { en = "Amount" }, type = "currency", indexed = true },
                new { apiName = "note", label = new { en = "Note" }, type = "text" },
            },
        }, Cancel);
        entity.EnsureSuccessStatusCode();
        var admin = $"admin-{Guid.NewGuid():N}@example.com";
        var member = $"member-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, key, admin, TenantRoles.Admin);
        await app.AddMemberAsync(tenant.Identifier, key, member, TenantRoles.Staff);
        return (tenant.Identifier, key, await app.SignedInAsync(admin), await app.SignedInAsync(member));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SharedViewsOnSqlite(SqliteApp app) : SharedViewsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class SharedViewsOnPostgres(PostgresApp app) : SharedViewsSpec(app);
