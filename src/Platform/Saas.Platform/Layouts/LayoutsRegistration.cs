using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Layouts;

internal static class LayoutsRegistration
{
    public static IServiceCollection AddLayoutServices(this IServiceCollection services)
    {
        services.AddScoped<ILayoutService, LayoutService>();
        services.AddScoped<LayoutEditor>();
        return services;
    }
}
