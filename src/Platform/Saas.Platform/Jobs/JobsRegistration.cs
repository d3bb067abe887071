using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;

namespace Saas.Platform.Jobs;

internal static class JobsRegistration
{
    /// <summary>
    /// Hangfire on the provider's storage. Storage, activator and filters are registered per host before
    /// <c>AddHangfire</c>, which then keeps them instead of its process-wide defaults.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<TenantJobFilter>();
        services.AddSingleton<JobStorageInstaller>();
        services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<PlatformDatabase>()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp =>
        {
            var filters = new JobFilterCollection
            {
                sp.GetRequiredService<TenantJobFilter>(),
                new AutomaticRetryAttribute { Attempts = 5 },
            };
            return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
        });
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer(options => options.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2));
        return services;
    }

    private static JobStorage CreateStorage(PlatformDatabase database) => database.Provider switch
    {
        // No SQLite storage for Hangfire is served here: the embedded setup keeps jobs in memory.
        DatabaseProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
        DatabaseProvider.PostgreSql => CreatePostgreSqlStorage(database.PlatformConnectionString),
        _ => new SqlServerStorage(database.PlatformConnectionString, new SqlServerStorageOptions
        {
            SchemaName = JobStorageInstaller.SqlServerSchema,
            PrepareSchemaIfNecessary = false, // installed by JobStorageInstaller once the database exists
            QueuePollInterval = TimeSpan.Zero, // Hangfire's recommended setting: waits on the queue instead of polling
        }),
    };

    private static PostgreSqlStorage CreatePostgreSqlStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = JobStorageInstaller.PostgreSqlSchema,
            PrepareSchemaIfNecessary = false, // installed by JobStorageInstaller once the database exists
            QueuePollInterval = TimeSpan.FromSeconds(1), // the default of 15 s would delay every new job by up to that
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
