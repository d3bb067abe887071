using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs;

/// <summary>
/// After the demo tenant is seeded: installs <c>Packs:DemoPacks</c> (core and retail by default) with sample data, the
/// ones it lacks only, so a restart changes nothing and the README's run command shows a working CRM.
/// </summary>
internal sealed class DemoPackSeeder(
    ITenantStore store,
    PackTenantSetup setup,
    IOptions<PacksOptions> packs,
    IOptions<PlatformOptions> platform,
    IHostEnvironment environment,
    ILogger<DemoPackSeeder> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!(platform.Value.SeedDemoTenant ?? environment.IsDevelopment()) || packs.Value.DemoPacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is not { Length: > 0 } ids
            || await store.FindByIdentifierAsync(DemoTenantSeeder.Identifier, cancellationToken) is not { } tenant)
        {
            return;
        }

        await setup.InstallAsync(tenant, ids, sampleData: true, "startup", cancellationToken);
        logger.LogInformation("Demo tenant has the packs {Packs}", string.Join(", ", ids));
    }
}
