using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Saas.Platform.RateLimits;

/// <summary>The response headers that publish a quota, named as in the IETF draft "RateLimit header fields for HTTP".</summary>
public static class RateLimitHeaders
{
    /// <summary>Requests allowed per one-minute window.</summary>
    public const string Limit = "RateLimit-Limit";

    /// <summary>Requests left in the current window, the request being answered already counted.</summary>
    public const string Remaining = "RateLimit-Remaining";

    /// <summary>Seconds until the current window closes and the full quota is available again.</summary>
    public const string Reset = "RateLimit-Reset";

    internal static void Write(IHeaderDictionary headers, RateLimitUsage usage)
    {
        headers[Limit] = usage.PermitsPerMinute.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = usage.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = usage.ResetsInSeconds.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Runs after the rate limiter let a request through: reads its partition's usage once, keeps it as a request feature
/// (so <c>/api/limits</c> answers the same numbers) and writes the headers when the response starts, whatever writes it.
/// </summary>
internal sealed class RateLimitHeadersMiddleware(RequestDelegate next, RequestQuotas quotas)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
        {
            return next(context);
        }

        var usage = quotas.UsageOf(context);
        context.Features.Set(usage);
        context.Response.OnStarting(() =>
        {
            RateLimitHeaders.Write(context.Response.Headers, usage);
            return Task.CompletedTask;
        });
        return next(context);
    }
}
