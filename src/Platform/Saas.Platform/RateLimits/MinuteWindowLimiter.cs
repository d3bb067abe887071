using System.Threading.RateLimiting;

namespace Saas.Platform.RateLimits;

/// <summary>
/// One partition's quota: a fixed window of one minute that opens with the first request after the previous one closed.
/// A fixed window rather than a token bucket because it is what we publish: "n per minute, m left, resets in s seconds"
/// are exact numbers a client can plan with, where a bucket's reset is only an estimate. The cost, up to twice the
/// quota across a window boundary, is acceptable for a per-minute limit. Written here rather than using
/// <see cref="FixedWindowRateLimiter"/> because that one tells neither when its window closes nor takes a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class MinuteWindowLimiter(int permitLimit, TimeProvider clock) : RateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly long createdAt = clock.GetTimestamp();
    private long? windowOpenedAt;
    private int used;
    private long successfulLeases;
    private long failedLeases;

    public int PermitLimit => permitLimit;

    /// <summary>How long every permit has been available: since the window closed, or since creation when none opened.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                if (windowOpenedAt is not { } opened)
                {
                    return clock.GetElapsedTime(createdAt);
                }

                var sinceClosed = clock.GetElapsedTime(opened) - Window;
                return sinceClosed >= TimeSpan.Zero ? sinceClosed : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (gate)
        {
            var resetAfter = ResetAfter();
            return new WindowStatistics
            {
                CurrentAvailablePermits = resetAfter == TimeSpan.Zero ? permitLimit : permitLimit - used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = successfulLeases,
                TotalFailedLeases = failedLeases,
                PermitLimit = permitLimit,
                ResetAfter = resetAfter,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, permitLimit);
        lock (gate)
        {
            var resetAfter = ResetAfter();
            if (resetAfter == TimeSpan.Zero && permitCount > 0)
            {
                windowOpenedAt = clock.GetTimestamp();
                used = 0;
                resetAfter = Window;
            }

            var available = resetAfter == TimeSpan.Zero ? permitLimit : permitLimit - used;
            if (permitCount <= available)
            {
                used += permitCount;
                successfulLeases++;
                return WindowLease.Acquired;
            }

            failedLeases++;
            return WindowLease.Rejected(resetAfter);
        }
    }

    // No queue: a caller over its quota is answered at once with when to come back, not held open.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Time until the open window closes; zero when none is open.</summary>
    private TimeSpan ResetAfter()
    {
        if (windowOpenedAt is not { } opened)
        {
            return TimeSpan.Zero;
        }

        var left = Window - clock.GetElapsedTime(opened);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}

/// <summary>A window's statistics with what the published headers need besides the remaining permits.</summary>
internal sealed class WindowStatistics : RateLimiterStatistics
{
    public required int PermitLimit { get; init; }

    /// <summary>Time until the window closes and every permit is available again; zero when no window is open.</summary>
    public required TimeSpan ResetAfter { get; init; }
}

/// <summary>Permits of a fixed window are spent, not returned, so disposing a lease does nothing.</summary>
internal sealed class WindowLease : RateLimitLease
{
    public static readonly WindowLease Acquired = new(isAcquired: true, retryAfter: null);

    private readonly TimeSpan? retryAfter;

    private WindowLease(bool isAcquired, TimeSpan? retryAfter)
    {
        IsAcquired = isAcquired;
        this.retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static WindowLease Rejected(TimeSpan retryAfter) => new(isAcquired: false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }
}
