using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Access;

internal static class AccessRegistration
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddScoped<CurrentCaller>();
        services.AddScoped<ICallerSetter>(sp => sp.GetRequiredService<CurrentCaller>());
        services.AddScoped<AccessResolver>();
        services.AddScoped<CallerAccess>();
        services.AddScoped<PermissionSetService>();
        services.AddScoped<RoleService>();
        services.AddScoped<AccessExplainer>();
        return services;
    }
}
