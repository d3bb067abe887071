using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Expressions;

namespace Saas.Platform.Querying;

internal static class QueryingRegistration
{
    public static IServiceCollection AddQueryingServices(this IServiceCollection services)
    {
        services.AddExpressions();
        services.AddScoped<IRecordQueryService, RecordQueryService>();
        services.AddSingleton<SkipTokens>();
        return services;
    }
}
