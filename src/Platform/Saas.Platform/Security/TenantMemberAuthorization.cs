using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>The caller's tenant claim equals the resolved tenant.</summary>
internal sealed class TenantMemberRequirement : IAuthorizationRequirement;

internal sealed class TenantMemberHandler(ITenantAccessor tenants) : AuthorizationHandler<TenantMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantMemberRequirement requirement)
    {
        var tenant = tenants.Tenant;
        if (tenant is not null && context.User.HasClaim(PlatformClaims.TenantId, tenant.Id.ToString()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A caller of another tenant gets 404, as if the tenant did not exist for them: a 403 would confirm the tenant and its routes.
/// Everything else follows the default (401 challenge, 403 forbid).
/// </summary>
internal sealed class NotFoundForOtherTenants(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler defaults = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var otherTenant = authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<TenantMemberRequirement>().Any() == true;
        if (!otherTenant)
        {
            await defaults.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 404, Title = "Tenant not found", Detail = "There is no such tenant for this caller." },
        });
    }
}
