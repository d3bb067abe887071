using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.Platform.RateLimits;

/// <summary>A request over its quota: 429 ProblemDetails with <c>Retry-After</c> and the quota headers.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var services = context.RequestServices;
        var partition = RequestQuotas.PartitionOf(context);
        var permits = services.GetRequiredService<RequestQuotas>().PermitsPerMinute(partition);
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? RequestQuotas.WholeSeconds(wait) : 0;
        // Debug: a client hammering past its quota would otherwise flood the log.
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection))
            .LogDebug("Rate limit of {Permits} per minute reached for {Partition}; resets in {Seconds} s", permits, partition.Description, retryAfter);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        RateLimitHeaders.Write(context.Response.Headers, new RateLimitUsage(permits, Remaining: 0, retryAfter));
        await services.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests",
                Detail = $"The limit of {permits} requests per minute for {partition.Description} is reached. It resets in {retryAfter} seconds; retry after that.",
            },
        });
    }
}
