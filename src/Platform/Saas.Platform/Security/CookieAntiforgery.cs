using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Saas.Platform.Security;

/// <summary>The answer of <c>GET /api/auth/antiforgery</c>: send <see cref="Token"/> in the header <see cref="HeaderName"/>.</summary>
public sealed record AntiforgeryResponse(string HeaderName, string Token);

/// <summary>
/// A write to the API that only the session cookie authenticates must also carry an antiforgery token: tenants' host
/// names share one site, so SameSite=Lax alone would let one tenant's page post into another's session. API keys and
/// bearer tokens are never sent by a browser on its own, so their writes need no token; neither do endpoints that opt
/// out with <c>DisableAntiforgery()</c> (signing in, which has no session yet).
/// </summary>
internal sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-XSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        if (NeedsToken(context) && !await antiforgery.IsRequestValidAsync(context))
        {
            await TypedResults.Problem(
                $"A write with the session cookie needs an antiforgery token: GET /api/auth/antiforgery and send its token in the {HeaderName} header.",
                statusCode: StatusCodes.Status403Forbidden, title: "Antiforgery token missing or invalid").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool NeedsToken(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && context.User.Identity is { IsAuthenticated: true }
        && SecurityRegistration.SchemeOf(context) == IdentityConstants.ApplicationScheme
        && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false };

    /// <summary>Tokens are bound to the signed-in person, so a client asks for one after signing in.</summary>
    public static Ok<AntiforgeryResponse> Issue(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryResponse(HeaderName, antiforgery.GetAndStoreTokens(context).RequestToken!));
}
