using Hangfire;
using Saas.Platform.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Bulk;
using Saas.Platform.Metadata;
using Saas.Platform.Querying;
using Saas.Platform.RateLimits;
using Saas.Platform.Records;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

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
        app.UseMiddleware<TenantScopeMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<CallerMiddleware>();

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
        routes.MapPeopleApi();
        routes.MapTeamsApi();
        routes.MapAuditApi();
        routes.MapLimitsApi();
        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IMetadataService)))
        {
            routes.MapMetadataApi();
            routes.MapAccessApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IRecordService)))
        {
            routes.MapRecordsApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IRecordQueryService)))
        {
            routes.MapQueryApi();
        }

        if (routes.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(BulkService)))
        {
            routes.MapBulkApi();
            routes.MapExportApi();
        }

        if (routes.ServiceProvider.GetService<IGlobalConfiguration>() is not null)
        {
            routes.MapHangfireDashboardWithAuthorizationPolicy(Policies.Operator, "/jobs").RequirePlatform();
        }

        return routes;
    }
}
