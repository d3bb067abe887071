using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.RateLimits;

/// <summary>Whose quota a request counts against.</summary>
internal readonly record struct QuotaPartition(bool IsTenant, string Name)
{
    public string Description => IsTenant ? $"tenant '{Name}'" : "requests without a key of a tenant from your address";
}

/// <summary>
/// The platform's global limiter, kept as a singleton so the usage of a partition can be read back for the headers and
/// <c>/api/limits</c>. A request counts against its tenant only when its caller belongs to that tenant: anyone can name
/// a tenant in a path, and counting anonymous or foreign callers there would let them use up the tenant's quota.
/// Everything else counts against the client's IP address.
/// </summary>
internal sealed class RequestQuotas : IDisposable
{
    private readonly RateLimitsOptions options;

    public RequestQuotas(IOptions<RateLimitsOptions> options, TimeProvider clock)
    {
        this.options = options.Value;
        Limiter = PartitionedRateLimiter.Create<HttpContext, QuotaPartition>(context =>
            RateLimitPartition.Get(PartitionOf(context), partition => new MinuteWindowLimiter(PermitsPerMinute(partition), clock)));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public static QuotaPartition PartitionOf(HttpContext context)
    {
        var tenant = context.Features.Get<TenantResolution>()?.Tenant;
        if (tenant is not null && context.User.HasClaim(PlatformClaims.TenantId, tenant.Id.ToString()))
        {
            return new QuotaPartition(IsTenant: true, tenant.Identifier);
        }

        return new QuotaPartition(IsTenant: false, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    public int PermitsPerMinute(QuotaPartition partition) =>
        partition.IsTenant ? options.PermitsPerMinuteFor(partition.Name) : options.ClientPermitsPerMinute;

    /// <summary>The quota and what is left of it in the current window, for the partition of <paramref name="context"/>.</summary>
    public RateLimitUsage UsageOf(HttpContext context)
    {
        var window = (WindowStatistics)Limiter.GetStatistics(context)!;
        return new RateLimitUsage(window.PermitLimit, (int)window.CurrentAvailablePermits, WholeSeconds(window.ResetAfter));
    }

    /// <summary>Rounded up, so a client that waits this long finds the window closed.</summary>
    public static int WholeSeconds(TimeSpan time) => (int)Math.Ceiling(time.TotalSeconds);

    public void Dispose() => Limiter.Dispose();
}
