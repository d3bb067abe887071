using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
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
        services.AddScoped<WorkflowMigrations>();
        services.AddScoped<WorkflowLoops>();
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
        services.AddSingleton<WorkflowWriteGate>();
        services.AddHostedService<WorkflowDispatcher>();
        services.AddScoped<WorkflowTriggerRules>();
        services.AddScoped<WorkflowTimers>();
        services.AddScoped<WorkflowHooks>();
        services.AddScoped<WorkflowForms>();
        services.AddScoped<WorkflowTimerSweep>();
        services.AddSingleton<WorkflowTimerTenants>();
        services.AddHostedService<WorkflowScheduler>();
        services.AddWebhookClient();
        return services;
    }

    /// <summary>
    /// The client of <c>callWebhook</c> steps: no redirects, a connect step that refuses internal addresses unless allowed,
    /// and a resilience handler (a total timeout, retries with exponential back-off and jitter, a timeout per attempt).
    /// </summary>
    private static void AddWebhookClient(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WorkflowWebhooks>();
        services.AddHttpClient(WorkflowWebhooks.Client, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, cancellationToken) => WebhookTargets.ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
                };
            })
            .AddResilienceHandler("workflow-webhook", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
    }
}
