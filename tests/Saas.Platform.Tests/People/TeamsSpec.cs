using System.Net;
using System.Net.Http.Json;
using Saas.Platform.Audit;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.People;

/// <summary>Teams group a tenant's members; only the tenant's own members can be in its teams.</summary>
public abstract class TeamsSpec(PlatformApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_builds_a_team_of_members_that_every_member_can_see()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("teams");
        var admin = app.ClientWithKey(adminKey);
        var alice = await app.AddMemberAsync(tenant.Identifier, adminKey, $"alice-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var bob = await app.AddMemberAsync(tenant.Identifier, adminKey, $"bob-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);

        var created = await admin.PostAsJsonAsync($"/t/{tenant.Identifier}/api/teams", new { name = "North sales", description = "北区销售" }, Cancel);
        var team = (await created.Content.ReadFromJsonAsync<TeamResponse>(Cancel))!;
        await admin.PutAsync($"/t/{tenant.Identifier}/api/teams/{team.Id}/members/{alice.UserId}", null, Cancel);
        var withBoth = await (await admin.PutAsync($"/t/{tenant.Identifier}/api/teams/{team.Id}/members/{bob.UserId}", null, Cancel)).Content.ReadFromJsonAsync<TeamResponse>(Cancel);
        var seenByAlice = await (await app.SignedInAsync(alice.Email)).GetFromJsonAsync<TeamResponse[]>($"/t/{tenant.Identifier}/api/teams", Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([alice.UserId, bob.UserId], withBoth!.Members.Select(m => m.UserId).Order());
        Assert.Equal("北区销售", Assert.Single(seenByAlice!).Description);
        var audit = await admin.GetFromJsonAsync<AuditRecord[]>($"/t/{tenant.Identifier}/api/audit", Cancel);
        Assert.Contains(audit!, e => e.Action == "team.created" && e.Details == "North sales");
        Assert.Equal(2, audit!.Count(e => e.Action == "team.member_added"));
    }

    [Fact]
    public async Task Only_members_of_the_tenant_can_join_its_teams()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("team-a");
        var (b, keyOfB) = await app.CreateTenantAsync("team-b");
        var outsider = await app.AddMemberAsync(b.Identifier, keyOfB, $"outsider-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var team = await CreateTeamAsync(a.Identifier, keyOfA, "Only A");

        var response = await app.ClientWithKey(keyOfA).PutAsync($"/t/{a.Identifier}/api/teams/{team.Id}/members/{outsider.UserId}", null, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(keyOfB).GetAsync($"/t/{b.Identifier}/api/teams/{team.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Leaving_the_tenant_takes_a_person_out_of_its_teams()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("team-leave");
        var carol = await app.AddMemberAsync(tenant.Identifier, adminKey, $"carol-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var team = await CreateTeamAsync(tenant.Identifier, adminKey, "Support");
        var admin = app.ClientWithKey(adminKey);
        await admin.PutAsync($"/t/{tenant.Identifier}/api/teams/{team.Id}/members/{carol.UserId}", null, Cancel);

        await admin.DeleteAsync($"/t/{tenant.Identifier}/api/members/{carol.UserId}", Cancel);

        Assert.Empty((await admin.GetFromJsonAsync<TeamResponse>($"/t/{tenant.Identifier}/api/teams/{team.Id}", Cancel))!.Members);
    }

    [Theory]
    [InlineData("""{ "name": "" }""", HttpStatusCode.BadRequest)] // a name is required
    [InlineData("""{ "name": "North sales" }""", HttpStatusCode.Conflict)] // names are unique in a tenant
    [InlineData("""{ "name": "NORTH SALES" }""", HttpStatusCode.Conflict)] // whatever their case
    public async Task A_bad_or_taken_team_name_is_refused(string body, HttpStatusCode expected)
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("team-names");
        await CreateTeamAsync(tenant.Identifier, adminKey, "North sales");

        var response = await app.ClientWithKey(adminKey).PostAsync(
            $"/t/{tenant.Identifier}/api/teams", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_change_teams()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("team-staff");
        var dave = await app.AddMemberAsync(tenant.Identifier, adminKey, $"dave-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);

        var response = await (await app.SignedInAsync(dave.Email)).PostAsJsonAsync($"/t/{tenant.Identifier}/api/teams", new { name = "Mine" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<TeamResponse> CreateTeamAsync(string tenant, string adminKey, string name)
    {
        var response = await app.ClientWithKey(adminKey).PostAsJsonAsync($"/t/{tenant}/api/teams", new { name }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TeamResponse>(Cancel))!;
    }
}

[Collection(OnSqlite.Name)]
public sealed class TeamsOnSqlite(SqliteApp app) : TeamsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class TeamsOnPostgres(PostgresApp app) : TeamsSpec(app);
