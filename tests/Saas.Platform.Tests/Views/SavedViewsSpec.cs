using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Views;

namespace Saas.Platform.Tests.Views;

/// <summary>
/// Each member saves list views (filter, order, columns) of an entity under a name, sees only their own, and deletes
/// them; a view is checked by the query service as its owner, so it never holds what its owner could not ask for.
/// </summary>
public abstract class SavedViewsSpec(PlatformApp app)
{
    private static readonly string[] TitleAndAmount = ["title", "amount"];

    private static readonly string[] TitleOnly = ["title"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_saves_lists_replaces_and_deletes_their_own_views()
    {
        var (tenant, key, alice, bob) = await WorldAsync();
        var path = $"/t/{tenant}/api/views/deal";

        var saved = await alice.PostAsJsonAsync(path, new { name = "Big deals", filter = "amount gt 1000", orderBy = "amount desc", columns = TitleAndAmount }, Cancel);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = (await saved.Content.ReadFromJsonAsync<SavedViewResponse>(Cancel))!;
        Assert.Equal(("Big deals", "amount gt 1000", "amount desc"), (view.Name, view.Filter, view.OrderBy));
        Assert.Equal(["title", "amount"], view.Columns);

        // The same name replaces the view; another name adds one.
        var replaced = (await (await alice.PostAsJsonAsync(path, new { name = "Big deals", filter = "amount gt 5000", columns = TitleOnly }, Cancel)).Content.ReadFromJsonAsync<SavedViewResponse>(Cancel))!;
        await alice.PostAsJsonAsync(path, new { name = "All" }, Cancel);
        Assert.Equal(view.Id, replaced.Id);
        var mine = (await alice.GetFromJsonAsync<SavedViewResponse[]>(path, Cancel))!;
        Assert.Equal(["All", "Big deals"], mine.Select(v => v.Name));
        Assert.Equal("amount gt 5000", mine[1].Filter);
        Assert.Null(mine[1].OrderBy);

        // Bob sees none of Alice's views and cannot delete them; a key has no views.
        Assert.Empty((await bob.GetFromJsonAsync<SavedViewResponse[]>(path, Cancel))!);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"{path}/{view.Id}", Cancel)).StatusCode);
        Assert.Empty((await app.ClientWithKey(key).GetFromJsonAsync<SavedViewResponse[]>(path, Cancel))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(key).PostAsJsonAsync(path, new { name = "Key view" }, Cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"{path}/{view.Id}", Cancel)).StatusCode);
        Assert.Equal(["All"], (await alice.GetFromJsonAsync<SavedViewResponse[]>(path, Cancel))!.Select(v => v.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"{path}/{view.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_view_the_query_service_would_refuse_is_refused_with_every_reason_by_field()
    {
        var (tenant, _, alice, _) = await WorldAsync();

        var refused = await alice.PostAsJsonAsync($"/t/{tenant}/api/views/deal", new { name = "", filter = "amount gt", orderBy = "nope asc", columns = TitleOnly }, Cancel);
        var unknown = await alice.PostAsJsonAsync($"/t/{tenant}/api/views/nothing", new { name = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("filter", out _) || errors.TryGetProperty("orderBy", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Views_stay_in_their_tenant_and_read_only_members_keep_only_their_own()
    {
        var (tenant, key, alice, _) = await WorldAsync();
        var (other, _, outsider, _) = await WorldAsync();
        var readerEmail = $"reader-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant, key, readerEmail, TenantRoles.ReadOnly);
        var reader = await app.SignedInAsync(readerEmail);
        var view = (await (await alice.PostAsJsonAsync($"/t/{tenant}/api/views/deal", new { name = "Mine" }, Cancel)).Content.ReadFromJsonAsync<SavedViewResponse>(Cancel))!;

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{tenant}/api/views/deal", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/t/{other}/api/views/deal/{view.Id}", Cancel)).StatusCode);
        Assert.Empty((await outsider.GetFromJsonAsync<SavedViewResponse[]>($"/t/{other}/api/views/deal", Cancel))!);
        var saved = await reader.PostAsJsonAsync($"/t/{tenant}/api/views/deal", new { name = "Reader's", orderBy = "amount desc" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["Reader's"], (await reader.GetFromJsonAsync<SavedViewResponse[]>($"/t/{tenant}/api/views/deal", Cancel))!.Select(v => v.Name));
        Assert.Equal(["Mine"], (await alice.GetFromJsonAsync<SavedViewResponse[]>($"/t/{tenant}/api/views/deal", Cancel))!.Select(v => v.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.DeleteAsync($"/t/{tenant}/api/views/deal/{view.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostAsJsonAsync($"/t/{tenant}/api/views/nothing", new { name = "x" }, Cancel)).StatusCode);
    }

    /// <summary>A tenant with a "deal" entity and two staff members signed in with bearer tokens.</summary>
    private async Task<(string Tenant, string Key, HttpClient Alice, HttpClient Bob)> WorldAsync()
    {
        var (tenant, key) = await app.CreateTenantAsync("views");
        var entity = await app.ClientWithKey(key).PostAsJsonAsync($"/t/{tenant.Identifier}/api/metadata/entities", new
        {
            apiName = "deal",
            label = new { en = "Deal" },
            pluralLabel = new { en = "Deals" },
            fields = new object[]
            {
                new { apiName = "title", label = new { en = "Title" }, type = "text", indexed = true },
                new { apiName = "amount", label = new { en = "Amount" }, type = "currency", indexed = true },
            },
        }, Cancel);
        entity.EnsureSuccessStatusCode();
        var alice = $"alice-{Guid.NewGuid():N}@example.com";
        var bob = $"bob-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, key, alice, TenantRoles.Staff);
        await app.AddMemberAsync(tenant.Identifier, key, bob, TenantRoles.Staff);
        return (tenant.Identifier, key, await app.SignedInAsync(alice), await app.SignedInAsync(bob));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SavedViewsOnSqlite(SqliteApp app) : SavedViewsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class SavedViewsOnPostgres(PostgresApp app) : SavedViewsSpec(app);
