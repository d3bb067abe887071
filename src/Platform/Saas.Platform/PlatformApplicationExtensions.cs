using System.Globalization;
using Hangfire;
using Saas.Platform.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Bulk;
using Saas.Platform.Layouts;
using Saas.Platform.Metadata;
using Saas.Platform.Notifications;
using Saas.Platform.Packs;
using Saas.Platform.Packs.Publishing;
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

public static class PlatformApplicationExtensions
{
    /// <summary>
    /// The request pipeline: problem details for every error, tenant resolution before routing (so <c>/t/{tenant}</c>
    /// becomes the base path), then routing, the tenant-scope check, authentication, rate limits and authorization.
    /// </summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseRouting();

        // Only the UI culture follows Accept-Language (messages people wrote in several languages, such as validation
        // rules' errors); formatting stays culture-invariant.
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en"));
            options.SupportedCultures = [CultureInfo.InvariantCulture];
            options.SupportedUICultures = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("zh-CN")];
            options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseMiddleware<TenantScopeMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<CallerMiddleware>();
        app.UseMiddleware<CookieAntiforgeryMiddleware>();

        // After authentication: a request counts against its tenant's quota only when the caller belongs to the tenant.
        app.UseRateLimiter();
        app.UseMiddleware<RateLimitHeadersMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every registered module's HTTP API, and the jobs dashboard at <c>/jobs</c> for operators.</summary>
    public static IEndpointRouteBuilder MapPlatformEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapTenantsApi();
        routes.MapApiKeysApi();
        routes.MapAuthApi();
        routes.MapPlatformRolesApi();
        routes.MapPeopleApi();
        routes.MapTeamsApi();
        routes.MapAuditApi();
        routes.MapLimitsApi();
        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IMetadataService)))
        {
            routes.MapMetadataApi();
            routes.MapLayoutsApi();
            routes.MapAccessApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IRecordService)))
        {
            routes.MapRecordsApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(PackInstaller)))
        {
            routes.MapPacksApi();
            routes.MapCatalogApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IRecordQueryService)))
        {
            routes.MapQueryApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(ISearchService)))
        {
            routes.MapSearchApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(WorkflowDefinitions)))
        {
            routes.MapWorkflowsApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(BulkService)))
        {
            routes.MapBulkApi();
            routes.MapExportApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(SavedViews)))
        {
            routes.MapViewsApi();
            routes.MapSharedViewsApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(ReportService)))
        {
            routes.MapReportsApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(NotificationInbox)))
        {
            routes.MapNotificationsApi();
        }

        if (routes.ServiceProvider.GetService<IGlobalConfiguration>() is not null)
        {
            routes.MapHangfireDashboardWithAuthorizationPolicy(Policies.Operator, "/jobs").RequirePlatform();
        }

        return routes;
    }
}
