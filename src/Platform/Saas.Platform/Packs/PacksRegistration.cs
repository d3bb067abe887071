using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saas.Platform.Packs.Publishing;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs;

internal static class PacksRegistration
{
    public static IServiceCollection AddPackServices(this IServiceCollection services)
    {
        services.AddOptions<PacksOptions>().BindConfiguration(PacksOptions.Section);
        services.TryAddSingleton<PackValidator>();
        services.AddPackPublishing();
        services.TryAddSingleton<PackCatalog>();
        services.AddScoped<PackInstaller>();
        services.AddScoped<PackExporter>();
        services.AddScoped<PackTenantSetup>();
        services.AddScoped<ITenantSetup>(sp => sp.GetRequiredService<PackTenantSetup>());
        services.AddScoped<IStartupTask, DemoPackSeeder>();
        return services;
    }
}
