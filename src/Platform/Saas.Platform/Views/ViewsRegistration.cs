using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Views;

internal static class ViewsRegistration
{
    public static IServiceCollection AddViewServices(this IServiceCollection services)
    {
        services.AddScoped<SavedViews>();
        services.AddScoped<SharedViews>();
        services.AddScoped<NavigationOrder>();
        return services;
    }
}
