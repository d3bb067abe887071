using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Tenancy;

namespace Saas.Platform.RateLimits;

internal static class LimitsApi
{
    public static IEndpointRouteBuilder MapLimitsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/limits", Get).WithTags("Limits").RequireTenant()
            .WithName("GetLimits").WithSummary("The tenant's request quota and what is left of it in the current minute");
        return routes;
    }

    // The numbers read when this request was let through, so the body matches this response's RateLimit-* headers.
    private static Ok<RateLimitUsage> Get(HttpContext context, RequestQuotas quotas) =>
        TypedResults.Ok(context.Features.Get<RateLimitUsage>() ?? quotas.UsageOf(context));
}
