using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Tenancy;

/// <summary>
/// Development (or <c>Platform:SeedDemoTenant</c>): makes sure tenant <c>demo</c> exists and that its admin key is known, then says in the log how to call it.
/// The key lives in the git-ignored data folder, so a restart prints the same key.
/// </summary>
internal sealed class DemoTenantSeeder(
    TenantProvisioner provisioner,
    ITenantStore store,
    ApiKeyService keys,
    DevelopmentCredentials credentials,
    IOptions<PlatformOptions> options,
    IHostEnvironment environment,
    ILogger<DemoTenantSeeder> logger) : IStartupTask
{
    public const string Identifier = "demo";
    private const string KeyFile = "demo-api-key";

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
            var key = await keys.CreateAsync(tenant.Id, "Demo key", "startup", cancellationToken);
            credentials.Write(KeyFile, key.Secret);
        }

        logger.LogInformation(
            "Demo tenant ready: GET /t/{Tenant}/api/tenant with header X-Api-Key: {ApiKey} (kept in {KeyFile})",
            Identifier, credentials.Read(KeyFile), credentials.PathOf(KeyFile));
    }
}
