using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Saas.Platform.Security;

namespace Saas.Platform.Tenancy;

/// <summary>Whom an endpoint serves: one tenant (reached as <c>/t/{tenant}/...</c>, by host or by key) or the platform.</summary>
public enum TenantScope
{
    Tenant,
    Platform,
}

/// <summary>Endpoint metadata read by the scope check and by the tenant-isolation probe.</summary>
public sealed record TenantScopeMetadata(TenantScope Scope);

public static class TenantScopeEndpointExtensions
{
    /// <summary>The endpoint serves the resolved tenant's members only; without a tenant it does not exist.</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TenantScopeMetadata(TenantScope.Tenant)).RequireAuthorization(Policies.TenantMember);

    /// <summary>The endpoint belongs to the platform; under a tenant's route or host it does not exist.</summary>
    public static TBuilder RequirePlatform<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TenantScopeMetadata(TenantScope.Platform));
}

/// <summary>Runs after routing: a tenant endpoint without a tenant, or a platform endpoint under a tenant, is a 404.</summary>
internal sealed class TenantScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ITenantAccessor tenants, IProblemDetailsService problems)
    {
        var scope = context.GetEndpoint()?.Metadata.GetMetadata<TenantScopeMetadata>()?.Scope;
        var detail = (scope, tenants.Tenant) switch
        {
            (TenantScope.Tenant, null) => $"This route belongs to a tenant: call it as /t/{{tenant}}{context.Request.Path}.",
            (TenantScope.Platform, not null) => "This route belongs to the platform, not to a tenant.",
            _ => null,
        };
        if (detail is null)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 404, Title = "Not found", Detail = detail },
        });
    }
}
