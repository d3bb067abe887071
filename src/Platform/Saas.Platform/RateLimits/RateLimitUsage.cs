namespace Saas.Platform.RateLimits;

/// <summary>
/// A quota and what is left of it: the body of <c>GET /api/limits</c> and the values of the <c>RateLimit-*</c> headers.
/// </summary>
/// <param name="PermitsPerMinute">Requests allowed per one-minute window.</param>
/// <param name="Remaining">Requests left in the current window, this one already counted.</param>
/// <param name="ResetsInSeconds">Seconds until the current window closes and the full quota is available again.</param>
public sealed record RateLimitUsage(int PermitsPerMinute, int Remaining, int ResetsInSeconds);
