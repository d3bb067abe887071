using Microsoft.AspNetCore.Http;
using Saas.Platform.Security;

namespace Saas.Platform.Tenancy;

/// <summary>The order in which strategies are tried; lower first. Pinned by a test.</summary>
public static class TenantStrategyOrder
{
    public const int Route = 100;
    public const int Host = 200;
    public const int ApiKey = 300;
}

/// <summary><c>/t/{tenant}/...</c>: the tenant named in the path.</summary>
internal sealed class RouteStrategy : ITenantStrategy
{
    public int Order => TenantStrategyOrder.Route;

    public ValueTask<string?> GetIdentifierAsync(HttpContext context) =>
        ValueTask.FromResult(TenantRoute.TryGetIdentifier(context.Request.Path, out var identifier, out _) ? identifier : null);
}

/// <summary><c>{tenant}.{BaseDomain}</c>: the first label of the host, when the rest is the configured base domain.</summary>
internal sealed class HostStrategy(string baseDomain) : ITenantStrategy
{
    private readonly string suffix = "." + baseDomain.Trim('.').ToLowerInvariant();

    public int Order => TenantStrategyOrder.Host;

    public ValueTask<string?> GetIdentifierAsync(HttpContext context)
    {
        var host = context.Request.Host.Host.ToLowerInvariant();
        if (!host.EndsWith(suffix, StringComparison.Ordinal))
        {
            return ValueTask.FromResult<string?>(null);
        }

        var label = host[..^suffix.Length];
        return ValueTask.FromResult(label.Length > 0 && !label.Contains('.', StringComparison.Ordinal) ? label : null);
    }
}

/// <summary>An <c>X-Api-Key</c> belongs to exactly one tenant; a key alone is enough to name it.</summary>
internal sealed class ApiKeyStrategy : ITenantStrategy
{
    public int Order => TenantStrategyOrder.ApiKey;

    public async ValueTask<string?> GetIdentifierAsync(HttpContext context)
    {
        var lookup = context.RequestServices.GetService(typeof(ApiKeyLookup)) as ApiKeyLookup;
        if (lookup is null)
        {
            return null;
        }

        var key = await lookup.FindAsync(context, context.RequestAborted);
        return key?.TenantIdentifier;
    }
}

/// <summary>The <c>/t/{tenant}</c> prefix of tenant routes.</summary>
internal static class TenantRoute
{
    public const string Prefix = "/t/";

    public static bool TryGetIdentifier(PathString path, out string identifier, out PathString rest)
    {
        identifier = string.Empty;
        rest = PathString.Empty;
        var value = path.Value;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var end = value.IndexOf('/', Prefix.Length);
        identifier = end < 0 ? value[Prefix.Length..] : value[Prefix.Length..end];
        rest = end < 0 ? PathString.Empty : new PathString(value[end..]);
        return identifier.Length > 0;
    }

    /// <summary>Moves <c>/t/{tenant}</c> from the path into the base path, so endpoints are mapped once and links keep the prefix.</summary>
    public static void MoveToPathBase(HttpContext context)
    {
        if (TryGetIdentifier(context.Request.Path, out var identifier, out var rest))
        {
            context.Request.PathBase = context.Request.PathBase.Add(new PathString(Prefix + identifier));
            context.Request.Path = rest;
        }
    }
}
