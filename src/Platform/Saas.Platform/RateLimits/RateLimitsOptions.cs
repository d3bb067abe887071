using System.ComponentModel.DataAnnotations;
using Saas.Platform.Tenancy;

namespace Saas.Platform.RateLimits;

/// <summary>
/// Configuration section <c>RateLimits</c>: requests per minute, per tenant and per client address. Read at start-up;
/// counted in memory on each node, so behind a load balancer of several nodes a caller may get up to that many times more.
/// </summary>
public sealed class RateLimitsOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    internal const int MaxPermitsPerMinute = 1_000_000;

    /// <summary>Requests a tenant's callers may send per minute, all its keys together; default 1200 (20 a second).</summary>
    [Range(1, MaxPermitsPerMinute)]
    public int PermitsPerMinute { get; set; } = 1200;

    /// <summary>Per-tenant overrides of <see cref="PermitsPerMinute"/>, keyed by tenant identifier (lowercase, as the catalog has it).</summary>
    public Dictionary<string, int> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Requests per minute per client IP address for everything no tenant's quota covers: platform endpoints (the operator)
    /// and callers without a key of the tenant they name; default 600.
    /// </summary>
    [Range(1, MaxPermitsPerMinute)]
    public int ClientPermitsPerMinute { get; set; } = 600;

    /// <summary>The quota of the tenant with this identifier.</summary>
    public int PermitsPerMinuteFor(string tenantIdentifier) =>
        Tenants.TryGetValue(tenantIdentifier, out var permits) ? permits : PermitsPerMinute;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (identifier, permits) in Tenants)
        {
            if (TenantIdentifier.Validate(identifier) is { } problem)
            {
                yield return new ValidationResult($"RateLimits:Tenants:{identifier}: {problem}", [nameof(Tenants)]);
            }

            if (permits is < 1 or > MaxPermitsPerMinute)
            {
                yield return new ValidationResult($"RateLimits:Tenants:{identifier} must be 1 to {MaxPermitsPerMinute} requests per minute.", [nameof(Tenants)]);
            }
        }
    }
}
