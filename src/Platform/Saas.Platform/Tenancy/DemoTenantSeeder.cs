using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Tenancy;

/// <summary>
/// Development (or <c>Platform:SeedDemoTenant</c>): makes sure tenant <c>demo</c> exists and that its admin key is known, then says in the log how to call it.
/// The key lives in the git-ignored data folder, so a restart prints the same key.
/// </summary>
internal sealed class DemoTenantSeeder(
    TenantProvisioner provisioner,
    ITenantStore store,
    ApiKeyService keys,
    UserManager<PlatformUser> users,
    CatalogDbContext catalog,
    TimeProvider clock,
    DevelopmentCredentials credentials,
    IOptions<PlatformOptions> options,
    IHostEnvironment environment,
    ILogger<DemoTenantSeeder> logger) : IStartupTask
{
    public const string Identifier = "demo";
    public const string AdminEmail = "admin@demo.local";
    private const string KeyFile = "demo-api-key";
    private const string PasswordFile = "demo-password";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.SeedDemoTenant ?? environment.IsDevelopment()))
        {
            return;
        }

        var tenant = await store.FindByIdentifierAsync(Identifier, cancellationToken);
        if (tenant is null)
        {
            var created = await provisioner.CreateAsync(new CreateTenantRequest(Identifier, "Demo Company", "shared"), "startup", cancellationToken);
            credentials.Write(KeyFile, created.AdminKey!.Secret);
        }
        else if (credentials.Read(KeyFile) is null)
        {
            var key = await keys.CreateAsync(tenant.Id, "Demo key", TenantRoles.Admin, "startup", cancellationToken);
            credentials.Write(KeyFile, key.Secret);
        }

        var password = await EnsureAdminAsync(tenant ?? (await store.FindByIdentifierAsync(Identifier, cancellationToken))!, cancellationToken);
        logger.LogInformation(
            "Demo tenant ready: sign in as {Email} with password {Password} (in the browser at /t/{Tenant}/ or POST /api/auth/signin), or call GET /t/{Tenant}/api/tenant with header X-Api-Key: {ApiKey} (kept in {KeyFile})",
            AdminEmail, password, Identifier, Identifier, credentials.Read(KeyFile), credentials.PathOf(KeyFile));
    }

    /// <summary>The demo admin, a person: the key alone cannot show sign-in, invitations or roles.</summary>
    private async Task<string> EnsureAdminAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        var password = credentials.Read(PasswordFile);
        var user = await users.FindByEmailAsync(AdminEmail);
        if (user is null || password is null)
        {
            password = $"Demo-{Secrets.NewToken()[..12]}-9a";
            credentials.Write(PasswordFile, password);
            if (user is null)
            {
                user = new PlatformUser { Id = Uuid.NewSequential(), UserName = AdminEmail, Email = AdminEmail, EmailConfirmed = true, DisplayName = "Demo Admin", CreatedAt = clock.GetUtcNow() };
                EnsureSucceeded(await users.CreateAsync(user, password));
            }
            else
            {
                EnsureSucceeded(await users.RemovePasswordAsync(user));
                EnsureSucceeded(await users.AddPasswordAsync(user, password));
            }
        }

        if (!await catalog.Memberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == user.Id, cancellationToken))
        {
            catalog.Memberships.Add(new Membership { Id = Uuid.NewSequential(), TenantId = tenant.Id, UserId = user.Id, Role = TenantRoles.Admin, CreatedAt = clock.GetUtcNow() });
            await catalog.SaveChangesAsync(cancellationToken);
        }

        return password;
    }

    private static void EnsureSucceeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The demo admin could not be set up: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
