using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.Audit;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.People;

/// <summary>
/// A tenant admin invites a colleague by email and gives them a role; the colleague signs in and sees what the role
/// allows; people sign in with a cookie or a bearer token, get locked out after failures and reset their password by mail.
/// </summary>
public abstract class PeopleSpec(PlatformApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invited_colleague_signs_in_and_sees_what_the_role_allows()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("invite");
        var email = $"colleague-{Guid.NewGuid():N}@example.com";

        var member = await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Staff);
        var colleague = await app.SignedInAsync(email);

        Assert.Equal(TenantRoles.Staff, member.Role);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/t/{tenant.Identifier}/api/tenant", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/t/{tenant.Identifier}/api/keys", Cancel)).StatusCode);

        var promoted = await app.ClientWithKey(adminKey).PatchAsJsonAsync($"/t/{tenant.Identifier}/api/members/{member.UserId}", new { role = TenantRoles.Admin }, Cancel);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/t/{tenant.Identifier}/api/keys", Cancel)).StatusCode);

        var audit = await app.ClientWithKey(adminKey).GetFromJsonAsync<AuditRecord[]>($"/t/{tenant.Identifier}/api/audit", Cancel);
        Assert.Contains(audit!, e => e.Action == "invitation.created" && e.Target == email);
        Assert.Contains(audit!, e => e.Action == "membership.created" && e.Target == email);
        Assert.Contains(audit!, e => e.Action == "membership.role_changed" && e.Details == "staff -> admin");
    }

    [Fact]
    public async Task A_member_of_one_tenant_gets_404_on_another()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("member-a");
        var (b, _) = await app.CreateTenantAsync("member-b");
        var email = $"only-a-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(a.Identifier, keyOfA, email, TenantRoles.Admin);
        var person = await app.SignedInAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/t/{a.Identifier}/api/keys", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/t/{b.Identifier}/api/tenant", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/t/{b.Identifier}/api/keys", Cancel)).StatusCode);
    }

    [Fact]
    public async Task One_person_holds_a_different_role_in_each_tenant()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("two-a");
        var (b, keyOfB) = await app.CreateTenantAsync("two-b");
        var email = $"both-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(a.Identifier, keyOfA, email, TenantRoles.Admin);
        await app.AddMemberAsync(b.Identifier, keyOfB, email, TenantRoles.ReadOnly);
        var person = await app.SignedInAsync(email);

        var me = await person.GetFromJsonAsync<MeResponse>("/api/auth/me", Cancel);

        Assert.Equal([(a.Identifier, "admin"), (b.Identifier, "readonly")], me!.Tenants.Select(t => (t.Identifier, t.Role)).Order());
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/t/{a.Identifier}/api/audit", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"/t/{b.Identifier}/api/audit", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_browser_signs_in_with_a_session_cookie_and_out_again()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("cookie");
        var email = $"browser-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Manager);
        var browser = app.CreateClient(); // keeps cookies

        var signIn = await browser.PostAsJsonAsync("/api/auth/signin", new { email, password = TestPeople.Password }, Cancel);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("saas.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{tenant.Identifier}/api/tenant", Cancel)).StatusCode);
        await browser.WithAntiforgeryTokenAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/signout", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/t/{tenant.Identifier}/api/tenant", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_write_with_the_session_cookie_needs_the_antiforgery_token_of_the_same_person()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("csrf");
        var email = $"csrf-{Guid.NewGuid():N}@example.com";
        var other = $"csrf-other-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Admin);
        await app.AddMemberAsync(tenant.Identifier, adminKey, other, TenantRoles.Admin);
        var browser = app.CreateClient();
        await browser.PostAsJsonAsync("/api/auth/signin", new { email, password = TestPeople.Password }, Cancel);
        var team = new { name = "Forged" };

        var forged = await browser.PostAsJsonAsync($"/t/{tenant.Identifier}/api/teams", team, Cancel);
        var someoneElses = app.CreateClient();
        await someoneElses.PostAsJsonAsync("/api/auth/signin", new { email = other, password = TestPeople.Password }, Cancel);
        browser.DefaultRequestHeaders.Add("X-XSRF-TOKEN", (await someoneElses.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery", Cancel)).GetProperty("token").GetString());
        var withAnotherPersonsToken = await browser.PostAsJsonAsync($"/t/{tenant.Identifier}/api/teams", team, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("X-XSRF-TOKEN", (await forged.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withAnotherPersonsToken.StatusCode);
        browser.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        await browser.WithAntiforgeryTokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsJsonAsync($"/t/{tenant.Identifier}/api/teams", team, Cancel)).StatusCode);
        Assert.Single((await app.ClientWithKey(adminKey).GetFromJsonAsync<JsonElement>($"/t/{tenant.Identifier}/api/teams", Cancel)).EnumerateArray());
    }

    [Fact]
    public async Task A_refresh_token_buys_a_new_bearer_token_until_the_password_changes()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("refresh");
        var email = $"refresh-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Staff);
        var anonymous = app.ClientWithKey(null);
        var tokens = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = TestPeople.Password }, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var refreshToken = tokens.GetProperty("refreshToken").GetString();

        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Cancel);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(tokens.GetProperty("accessToken").GetString(), (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString());

        var earlier = app.MailFiles();
        await anonymous.PostAsJsonAsync("/api/auth/password/forgot", new { email }, Cancel);
        var resetToken = await app.TokenFromMailAsync(email, TestPeople.ResetToken(), earlier);
        await anonymous.PostAsJsonAsync("/api/auth/password/reset", new { email, token = resetToken, newPassword = "Another-secret-55" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "forged" }, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("lockout");
        var email = $"locked-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Staff);
        var anonymous = app.ClientWithKey(null);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = "wrong-password-1" }, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = TestPeople.Password }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_with_the_token_from_the_mail()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("reset");
        var email = $"forgetful-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, adminKey, email, TenantRoles.Staff);
        var anonymous = app.ClientWithKey(null);

        var earlier = app.MailFiles();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password/forgot", new { email }, Cancel)).StatusCode);
        var token = await app.TokenFromMailAsync(email, TestPeople.ResetToken(), earlier);
        var reset = await anonymous.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "A-brand-new-one-7" }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = TestPeople.Password }, Cancel)).StatusCode);
        await app.SignedInAsync(email, "A-brand-new-one-7");
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/auth/password/forgot", new { email = "nobody@example.com" }, Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("""{ "email": "not-an-email", "role": "staff" }""", "email")] // malformed address
    [InlineData("""{ "role": "staff" }""", "email")] // missing address
    [InlineData("""{ "email": "x@example.com", "role": "owner" }""", "role")] // unknown role
    [InlineData("""{ "email": "x@example.com" }""", "role")] // missing role
    public async Task A_bad_invitation_is_a_400_naming_the_field(string body, string field)
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("bad-invite");

        var response = await app.ClientWithKey(adminKey).PostAsync(
            $"/t/{tenant.Identifier}/api/invitations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_invitation_token_works_once_and_a_weak_password_is_refused()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("once");
        var email = $"once-{Guid.NewGuid():N}@example.com";
        (await app.ClientWithKey(adminKey).PostAsJsonAsync($"/t/{tenant.Identifier}/api/invitations", new { email, role = "staff" }, Cancel)).EnsureSuccessStatusCode();
        var token = await app.TokenFromMailAsync(email, TestPeople.InvitationToken());
        var anonymous = app.ClientWithKey(null);

        var weak = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, password = "short" }, Cancel);
        var accepted = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, password = TestPeople.Password }, Cancel);
        var again = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, password = TestPeople.Password }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("\"password\"", await weak.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("\"token\"", await again.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_admin_member_cannot_be_demoted_or_removed()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("last-admin");
        var admin = await app.AddMemberAsync(tenant.Identifier, adminKey, $"admin-{Guid.NewGuid():N}@example.com", TenantRoles.Admin);
        var keyClient = app.ClientWithKey(adminKey);

        var demote = await keyClient.PatchAsJsonAsync($"/t/{tenant.Identifier}/api/members/{admin.UserId}", new { role = "staff" }, Cancel);
        var remove = await keyClient.DeleteAsync($"/t/{tenant.Identifier}/api/members/{admin.UserId}", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        var staff = await app.AddMemberAsync(tenant.Identifier, adminKey, $"staff-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.DeleteAsync($"/t/{tenant.Identifier}/api/members/{staff.UserId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await keyClient.GetAsync($"/t/{tenant.Identifier}/api/members/{staff.UserId}", Cancel)).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PeopleOnSqlite(SqliteApp app) : PeopleSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PeopleOnPostgres(PostgresApp app) : PeopleSpec(app);
