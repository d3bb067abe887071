using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Saas.Platform.Ui.Session;

/// <summary>A challenge on a staff page becomes a redirect to the tenant's sign-in page, back to the page afterwards.</summary>
internal sealed class SignInRedirect(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Challenged || context.GetEndpoint()?.Metadata.GetMetadata<StaffPageMetadata>() is null)
        {
            return inner.HandleAsync(next, context, policy, authorizeResult);
        }

        var request = context.Request;
        var back = $"{request.PathBase}{request.Path}{request.QueryString}";
        context.Response.Redirect($"{request.PathBase}{StaffAppExtensions.SignInPath}?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }
}
