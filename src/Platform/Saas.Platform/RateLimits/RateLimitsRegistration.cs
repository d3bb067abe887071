using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.RateLimits;

internal static class RateLimitsRegistration
{
    /// <summary>The <c>RateLimits</c> options, the per-tenant quotas as the global limiter of ASP.NET Core's rate limiting, and the 429 answer.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RequestQuotas>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RequestQuotas>((limiter, quotas) =>
        {
            limiter.GlobalLimiter = quotas.Limiter;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRejection.WriteAsync;
        });
        return services;
    }
}
