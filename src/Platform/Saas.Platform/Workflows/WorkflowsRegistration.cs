using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Workflows;

internal static class WorkflowsRegistration
{
    public static IServiceCollection AddWorkflowServices(this IServiceCollection services)
    {
        services.AddScoped<WorkflowValidator>();
        services.AddScoped<WorkflowDefinitions>();
        return services;
    }
}
