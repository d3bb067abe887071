using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using Saas.Platform.Tests.Records;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Bulk;

/// <summary>A tenant with a <c>contact</c> entity to import into and export from: a required title, a unique code, an email, an amount and a city.</summary>
public sealed class BulkWorld
{
    private BulkWorld(PlatformApp app, string tenant, string key)
    {
        App = app;
        Tenant = tenant;
        Key = key;
        Admin = app.ClientWithKey(key);
        Bulk = new BulkClient(Admin, tenant);
        Records = new RecordsClient(Admin, tenant);
        Query = new QueryClient(Admin, Records);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public PlatformApp App { get; }

    public string Tenant { get; }

    public string Key { get; }

    public HttpClient Admin { get; }

    public BulkClient Bulk { get; }

    public RecordsClient Records { get; }

    public QueryClient Query { get; }

    public static async Task<BulkWorld> CreateAsync(PlatformApp app, string prefix)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var world = new BulkWorld(app, tenant.Identifier, key);
        await world.Records.Metadata.CreateEntityAsync("contact",
            Field("title", "text", required: true, indexed: true), Field("code", "text", unique: true), Field("email", "email", indexed: true),
            Field("amount", "currency", indexed: true), Field("city", "text"));
        return world;
    }

    /// <summary>A signed-in member of the tenant with <paramref name="role"/>.</summary>
    public async Task<HttpClient> MemberAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        await App.AddMemberAsync(Tenant, Key, email, role);
        return await App.SignedInAsync(email);
    }

    /// <summary>Gives <paramref name="role"/> a permission set with <paramref name="rules"/> (replacing its defaults).</summary>
    public async Task GiveAsync(string role, object rules)
    {
        var set = await Admin.PostAsJsonAsync($"/t/{Tenant}/api/access/permission-sets", new { name = $"Set {Guid.NewGuid():N}", rules }, Cancel);
        Assert.True(set.StatusCode == HttpStatusCode.Created, await set.Content.ReadAsStringAsync(Cancel));
        var id = (await set.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();
        var given = await Admin.PutAsJsonAsync($"/t/{Tenant}/api/access/roles/{role}", new { permissionSets = new[] { id } }, Cancel);
        Assert.True(given.StatusCode == HttpStatusCode.OK, await given.Content.ReadAsStringAsync(Cancel));
    }

    public async Task<int> CountAsync(string filter = "")
    {
        var answer = filter.Length == 0 ? await Query.QueryAsync("contact", ("$count", "true")) : await Query.QueryAsync("contact", ("$count", "true"), ("$filter", filter));
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.Body!["@odata.count"]!.GetValue<int>();
    }

    /// <summary>How many uploads the tenant's database still holds: a job drops its upload when it ends.</summary>
    public async Task<int> UploadsKeptAsync() =>
        await App.InTenantAsync(await App.TenantAsync(Tenant), services => services.GetRequiredService<TenantDbContext>().BulkJobUploads.CountAsync(Cancel));
}
