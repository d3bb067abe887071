using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Reports;

internal static class ReportsRegistration
{
    public static IServiceCollection AddReportServices(this IServiceCollection services)
    {
        services.AddScoped<ReportService>();
        services.AddScoped<Dashboards>();
        return services;
    }
}
