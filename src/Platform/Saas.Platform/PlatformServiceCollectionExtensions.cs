using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saas.Platform.Access;
using Saas.Platform.Audit;
using Saas.Platform.Bulk;
using Saas.Platform.Jobs;
using Saas.Platform.Layouts;
using Saas.Platform.Mail;
using Saas.Platform.Metadata;
using Saas.Platform.Notifications;
using Saas.Platform.Packs;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using Saas.Platform.RateLimits;
using Saas.Platform.Records;
using Saas.Platform.Reports;
using Saas.Platform.Search;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using Saas.Platform.Views;
using Saas.Platform.Workflows;

namespace Saas.Platform;

/// <summary>Returned by <see cref="PlatformServiceCollectionExtensions.AddPlatform"/> so modules chain their registrations.</summary>
public sealed class PlatformBuilder(IServiceCollection services, IConfiguration configuration)
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}

public static class PlatformServiceCollectionExtensions
{
    /// <summary>Persistence (catalog and tenant contexts, start-up migrations), API-key security, rate limits and the audit log.</summary>
    public static PlatformBuilder AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlatformOptions>().BindConfiguration(PlatformOptions.Section);
        services.TryAddTimeProvider();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        services.AddMemoryCache();

        services.AddSingleton<PlatformDatabase>();
        services.AddSingleton<PlatformReadiness>();
        services.AddSingleton<AmbientTenant>();
        services.AddSingleton<ITenantAccessor>(sp => sp.GetRequiredService<AmbientTenant>());
        services.AddSingleton<ITenantSetter>(sp => sp.GetRequiredService<AmbientTenant>());
        services.AddSingleton<TenantDatabases>();
        // A scope's contexts come from a pool per database (ContextPools) and go back to it when the scope ends.
        services.AddSingleton<ContextPools>();
        services.AddScoped(sp => sp.GetRequiredService<ContextPools>().Catalog());
        services.AddScoped(sp => sp.GetRequiredService<ContextPools>().Tenant(sp.GetRequiredService<ITenantAccessor>().Tenant));
        services.AddHostedService<PlatformStartup>();
        services.AddHealthChecks().AddCheck<PlatformReadinessCheck>("platform");
        services.AddDataProtection().SetApplicationName("saas-platform").PersistKeysToDbContext<CatalogDbContext>();

        services.AddSingleton(sp => new DevelopmentCredentials(sp.GetRequiredService<PlatformDatabase>().DataDirectory));
        services.AddSingleton(ResolveOperatorKey);
        services.AddScoped<IStartupTask, OperatorKeyNotice>();
        services.AddPlatformSecurity();
        services.AddAccess();
        services.AddMail();

        services.AddRateLimits();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddSingleton<TenantAuditWriter>();
        return new PlatformBuilder(services, configuration);
    }

    /// <summary>The tenant catalog, provisioning and resolution; <paramref name="configure"/> picks the strategies.</summary>
    public static PlatformBuilder AddTenancy(this PlatformBuilder platform, Action<TenancyBuilder> configure)
    {
        var services = platform.Services;
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ITenantStore, CatalogTenantStore>();
        services.AddScoped<TenantProvisioner>();
        services.AddSingleton<TenantResolver>();
        services.AddScoped<IStartupTask, DemoTenantSeeder>();
        configure(new TenancyBuilder(services, platform.Configuration));
        return platform;
    }

    /// <summary>Background jobs on Hangfire, each carrying its tenant.</summary>
    public static PlatformBuilder AddJobs(this PlatformBuilder platform)
    {
        platform.Services.AddJobs();
        return platform;
    }

    /// <summary>Entities and fields defined per tenant at run time, read as cached immutable snapshots.</summary>
    public static PlatformBuilder AddMetadata(this PlatformBuilder platform)
    {
        platform.Services.AddMetadataServices();
        platform.Services.AddLayoutServices();
        return platform;
    }

    /// <summary>Records of the tenant's entities, validated against the metadata, with index, unique and history tables.</summary>
    public static PlatformBuilder AddRecords(this PlatformBuilder platform)
    {
        platform.Services.AddRecordServices();
        return platform;
    }

    /// <summary>Template packs: the catalog of packs on disk, their validator, and installing them into tenants.</summary>
    public static PlatformBuilder AddPacks(this PlatformBuilder platform)
    {
        platform.Services.AddPackServices();
        return platform;
    }

    /// <summary>Lists of records with OData query options, filtered and sorted in SQL over the index table.</summary>
    public static PlatformBuilder AddQuerying(this PlatformBuilder platform)
    {
        platform.Services.AddQueryingServices();
        return platform;
    }

    /// <summary>Global search over the records' text fields, on each provider's full-text index, kept current on every write.</summary>
    public static PlatformBuilder AddSearch(this PlatformBuilder platform)
    {
        platform.Services.AddSearchServices();
        return platform;
    }

    /// <summary>Workflows: versioned definitions per tenant, triggered by record writes or by hand, run step by step as jobs.</summary>
    public static PlatformBuilder AddWorkflows(this PlatformBuilder platform)
    {
        platform.Services.AddWorkflowServices();
        return platform;
    }

    /// <summary>Bulk imports as background jobs (NDJSON or CSV, create or upsert) and CSV export of queries; needs records, querying and jobs.</summary>
    public static PlatformBuilder AddBulk(this PlatformBuilder platform)
    {
        platform.Services.AddBulkServices();
        return platform;
    }

    /// <summary>Each member's saved list views and the tenant's navigation order; needs querying.</summary>
    public static PlatformBuilder AddViews(this PlatformBuilder platform)
    {
        platform.Services.AddViewServices();
        return platform;
    }

    /// <summary>Reports: counts and aggregates of an entity's records grouped by a field, over the index; needs querying.</summary>
    public static PlatformBuilder AddReports(this PlatformBuilder platform)
    {
        platform.Services.AddReportServices();
        return platform;
    }

    /// <summary>Each member's notifications of records assigned to them, written with the record on every write path; needs records.</summary>
    public static PlatformBuilder AddNotifications(this PlatformBuilder platform)
    {
        platform.Services.AddNotificationServices();
        return platform;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary>The configured operator key; in Development without one, a generated key kept in the data folder.</summary>
    private static OperatorKey ResolveOperatorKey(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<PlatformOptions>>().Value.OperatorApiKey;
        if (!string.IsNullOrWhiteSpace(configured) || !services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return new OperatorKey(configured, generatedIn: null);
        }

        var credentials = services.GetRequiredService<DevelopmentCredentials>();
        var secret = credentials.Read(OperatorKey.DevelopmentFile);
        if (secret is null)
        {
            secret = ApiKeySecret.Create().Secret;
            credentials.Write(OperatorKey.DevelopmentFile, secret);
        }

        return new OperatorKey(secret, credentials.PathOf(OperatorKey.DevelopmentFile));
    }
}
