using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using Saas.Platform.Tests.Records;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Access;

/// <summary>
/// A tenant to test access in: staff alice and bob in team North sales, staff carol alone, read-only dora, and a deal
/// owned by each of them; deals have a hidden-able <c>cost</c> and a lookup to a company.
/// </summary>
public sealed class AccessWorld
{
    private AccessWorld(PlatformApp app, string tenant, string adminKey)
    {
        App = app;
        Tenant = tenant;
        AdminKey = adminKey;
        Admin = app.ClientWithKey(adminKey);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public PlatformApp App { get; }

    public string Tenant { get; }

    public string AdminKey { get; }

    public HttpClient Admin { get; }

    public MemberResponse Alice { get; private set; } = null!;

    public MemberResponse Bob { get; private set; } = null!;

    public MemberResponse Carol { get; private set; } = null!;

    public MemberResponse Dora { get; private set; } = null!;

    public Guid Company { get; private set; }

    public Dictionary<string, Guid> Deals { get; } = [];

    public static async Task<AccessWorld> CreateAsync(PlatformApp app, string prefix)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var world = new AccessWorld(app, tenant.Identifier, key);
        var records = world.Records(world.Admin);
        await records.Metadata.CreateEntityAsync("company", Field("title", "text"));
        await records.Metadata.CreateEntityAsync("deal",
            Field("title", "text", indexed: true), Field("amount", "currency", indexed: true), Field("cost", "currency", indexed: true),
            Field("account", "lookup", new { targetEntity = "company" }, indexed: true));
        world.Alice = await world.MemberAsync("alice", TenantRoles.Staff);
        world.Bob = await world.MemberAsync("bob", TenantRoles.Staff);
        world.Carol = await world.MemberAsync("carol", TenantRoles.Staff);
        world.Dora = await world.MemberAsync("dora", TenantRoles.ReadOnly);
        var team = await world.Admin.PostAsJsonAsync($"/t/{world.Tenant}/api/teams", new { name = "North sales" }, Cancel);
        var teamId = (await team.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();
        foreach (var member in new[] { world.Alice, world.Bob })
        {
            (await world.Admin.PutAsync($"/t/{world.Tenant}/api/teams/{teamId}/members/{member.UserId}", null, Cancel)).EnsureSuccessStatusCode();
        }

        world.Company = (await records.CreatedAsync("company", new { title = "Acme" })).Id;
        foreach (var owner in new[] { world.Alice, world.Bob, world.Carol, world.Dora })
        {
            var name = owner.Email.Split('-')[0];
            world.Deals[name] = (await records.CreatedAsync("deal", new { title = name, amount = 100m, cost = 60m, account = world.Company, ownerId = owner.UserId })).Id;
        }

        return world;
    }

    public RecordsClient Records(HttpClient client) => new(client, Tenant);

    public QueryClient Query(HttpClient client) => new(client, Records(client));

    public Task<HttpClient> AsAsync(MemberResponse member) => App.SignedInAsync(member.Email);

    public async Task<HttpClient> KeyAsync(string role)
    {
        var created = await Admin.PostAsJsonAsync($"/t/{Tenant}/api/keys", new { name = $"{role} key", role }, Cancel);
        created.EnsureSuccessStatusCode();
        return App.ClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString());
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, $"/t/{Tenant}/api/access{path}") { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await (client ?? Admin).SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Creates a permission set and gives it to <paramref name="role"/> (alongside its other sets).</summary>
    public async Task<Guid> GiveAsync(string role, string name, object rules)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/permission-sets", new { name, rules });
        Assert.True(status == HttpStatusCode.Created, $"{status}: {body}");
        var id = Guid.Parse(body!["id"]!.GetValue<string>());
        var roles = (await SendAsync(HttpMethod.Get, "/roles")).Body!.AsArray();
        var sets = roles.Single(r => r!["role"]!.GetValue<string>() == role)!["permissionSets"]!.AsArray().Select(s => Guid.Parse(s!["id"]!.GetValue<string>()));
        var (given, answer) = await SendAsync(HttpMethod.Put, $"/roles/{role}", new { permissionSets = sets.Append(id).ToArray() });
        Assert.True(given == HttpStatusCode.OK, $"{given}: {answer}");
        return id;
    }

    public async Task<int> CountAsync(HttpClient client, string entity = "deal")
    {
        var answer = await Query(client).QueryAsync(entity, ("$count", "true"));
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.Body!["@odata.count"]!.GetValue<int>();
    }

    private Task<MemberResponse> MemberAsync(string name, string role) => App.AddMemberAsync(Tenant, AdminKey, $"{name}-{Guid.NewGuid():N}@example.com", role);
}
