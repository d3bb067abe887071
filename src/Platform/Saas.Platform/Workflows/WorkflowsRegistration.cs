using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Workflows;

internal static class WorkflowsRegistration
{
    public static IServiceCollection AddWorkflowServices(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WorkflowValidator>();
        services.AddScoped<WorkflowDefinitions>();
        services.AddScoped<WorkflowRuns>();
        services.AddScoped<ApprovalInbox>();
        services.AddScoped<WorkflowRunner>();
        services.AddScoped<WorkflowSteps>();
        services.AddScoped<WorkflowStepScope>();
        services.AddScoped<WorkflowEffects>();
        services.AddScoped<WorkflowSweep>();
        services.AddScoped<WorkflowQueue>();
        services.AddScoped<IRecordWriteObserver, WorkflowTriggers>();
        services.AddScoped<IStartupTask, WorkflowRecovery>();
        services.AddSingleton<WorkflowPlans>();
        services.AddSingleton<WorkflowActivity>();
        services.AddHostedService<WorkflowDispatcher>();
        services.AddScoped<WorkflowTriggerRules>();
        services.AddScoped<WorkflowTimers>();
        services.AddScoped<WorkflowHooks>();
        services.AddScoped<WorkflowForms>();
        services.AddScoped<WorkflowTimerSweep>();
        services.AddSingleton<WorkflowTimerTenants>();
        services.AddHostedService<WorkflowScheduler>();
        return services;
    }
}
