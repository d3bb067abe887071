using System.Net;
using System.Net.Http.Json;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.People;

/// <summary>Operators give the roles outside any tenant to people; a grant and a revocation count from the next request.</summary>
public abstract class PlatformRolesSpec(PlatformApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_made_operator_runs_the_platform_until_the_role_is_taken_back()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("platform-roles");
        var person = await app.AddMemberAsync(tenant.Identifier, adminKey, $"ops-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var signedIn = await app.SignedInAsync(person.Email); // the token is issued before the grant
        var before = await signedIn.GetAsync("/api/tenants", Cancel);

        var granted = await app.Operator().PostAsJsonAsync($"/api/platform/roles/{PlatformClaims.OperatorRole}/people", new { email = person.Email }, Cancel);
        var during = await signedIn.GetAsync("/api/tenants", Cancel);
        var roles = await app.Operator().GetFromJsonAsync<PlatformRoleResponse[]>("/api/platform/roles", Cancel);
        var revoked = await app.Operator().DeleteAsync($"/api/platform/roles/{PlatformClaims.OperatorRole}/people/{person.UserId}", Cancel);
        var after = await signedIn.GetAsync("/api/tenants", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Contains(roles!.Single(r => r.Role == PlatformClaims.OperatorRole).People, p => p.UserId == person.UserId);
        Assert.DoesNotContain(roles!.Single(r => r.Role == PlatformClaims.PublisherRole).People, p => p.UserId == person.UserId);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync($"/t/{tenant.Identifier}/api/tenant", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Unknown_people_and_roles_are_refused_and_only_operators_may_grant()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("platform-roles-bad");
        var admin = await app.AddMemberAsync(tenant.Identifier, adminKey, $"admin-{Guid.NewGuid():N}@example.com", TenantRoles.Admin);

        var nobody = await app.Operator().PostAsJsonAsync($"/api/platform/roles/{PlatformClaims.PublisherRole}/people", new { email = "nobody@example.com" }, Cancel);
        var noRole = await app.Operator().PostAsJsonAsync("/api/platform/roles/emperor/people", new { email = admin.Email }, Cancel);
        var notHeld = await app.Operator().DeleteAsync($"/api/platform/roles/{PlatformClaims.PublisherRole}/people/{admin.UserId}", Cancel);
        var byTenantAdmin = await (await app.SignedInAsync(admin.Email)).PostAsJsonAsync($"/api/platform/roles/{PlatformClaims.OperatorRole}/people", new { email = admin.Email }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Contains("\"email\"", await nobody.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notHeld.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTenantAdmin.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PlatformRolesOnSqlite(SqliteApp app) : PlatformRolesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PlatformRolesOnPostgres(PostgresApp app) : PlatformRolesSpec(app);
