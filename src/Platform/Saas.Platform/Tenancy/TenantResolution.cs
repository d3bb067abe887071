using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Platform.Tenancy;

/// <summary>How the current request's tenant was found.</summary>
public sealed record TenantResolution(TenantInfo Tenant, string Strategy);

/// <summary>Tries the registered strategies by ascending order; the first identifier wins, there is no fallback.</summary>
internal sealed class TenantResolver(IEnumerable<ITenantStrategy> strategies)
{
    public IReadOnlyList<ITenantStrategy> Strategies { get; } = [.. strategies.OrderBy(s => s.Order)];

    public async ValueTask<(string Identifier, ITenantStrategy Strategy)?> ResolveIdentifierAsync(HttpContext context)
    {
        foreach (var strategy in Strategies)
        {
            var identifier = await strategy.GetIdentifierAsync(context);
            if (!string.IsNullOrEmpty(identifier))
            {
                return (identifier.ToLowerInvariant(), strategy);
            }
        }

        return null;
    }
}

/// <summary>Resolves the tenant before routing: an unknown or disabled tenant ends the request with a 404.</summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantResolver resolver, ITenantSetter setter, ILogger<TenantResolutionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, ITenantStore store, IProblemDetailsService problems)
    {
        var found = await resolver.ResolveIdentifierAsync(context);
        if (found is not { } resolved)
        {
            await next(context);
            return;
        }

        var tenant = await store.FindByIdentifierAsync(resolved.Identifier, context.RequestAborted);
        if (tenant is not { IsActive: true })
        {
            logger.LogInformation("Tenant {Tenant} named by {Strategy} is unknown or disabled", resolved.Identifier, resolved.Strategy.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 404, Title = "Tenant not found", Detail = $"There is no active tenant '{resolved.Identifier}'." },
            });
            return;
        }

        TenantRoute.MoveToPathBase(context);
        context.Features.Set(new TenantResolution(tenant, resolved.Strategy.GetType().Name));
        using (setter.Begin(tenant))
        {
            await next(context);
        }
    }
}
