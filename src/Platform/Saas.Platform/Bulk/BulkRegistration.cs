using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Bulk;

internal static class BulkRegistration
{
    public static IServiceCollection AddBulkServices(this IServiceCollection services)
    {
        services.AddOptions<BulkOptions>().BindConfiguration(BulkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BulkService>();
        services.AddScoped<BulkJobRunner>();
        services.AddScoped<BulkDryRun>();
        services.AddScoped<RecordExports>();
        return services;
    }
}
