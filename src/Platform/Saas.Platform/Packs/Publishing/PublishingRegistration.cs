using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Packs.Publishing;

internal static class PublishingRegistration
{
    /// <summary>Publisher accounts, signed uploads and their review; the catalog reads published uploads as its second source.</summary>
    public static IServiceCollection AddPackPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PublishedPackFolder>();
        services.AddSingleton(sp => new PackCatalog(
            sp.GetRequiredService<IOptions<PacksOptions>>(), sp.GetRequiredService<PackValidator>(), sp.GetRequiredService<PublishedPackFolder>()));
        services.AddScoped<PublisherService>();
        services.AddScoped<IApiKeyKind, PublisherApiKeyKind>();
        services.AddScoped<PackPublishing>();
        services.AddScoped<PackInstalls>();
        services.AddScoped<IStartupTask, PublishedPackSync>();
        return services;
    }
}
