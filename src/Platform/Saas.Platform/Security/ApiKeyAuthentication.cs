using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saas.Platform.Security;

/// <summary>Authenticates the <c>X-Api-Key</c> header: the operator key, a tenant's or a publisher's unrevoked key.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyLookup lookup,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey(ApiKeyLookup.Header))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await lookup.FindAsync(Context, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        List<Claim> claims = key.IsOperator
            ? [new(ClaimTypes.NameIdentifier, "operator"), new(ClaimTypes.Name, "operator"), new(ClaimTypes.Role, PlatformClaims.OperatorRole)]
            : key.Publisher is { } publisher
            ? [new(ClaimTypes.NameIdentifier, $"publisher-key:{key.KeyId}"), new(ClaimTypes.Name, $"api-key:{key.KeyId}"), new(PlatformClaims.PublisherId, publisher)]
            :
            [
                new(ClaimTypes.NameIdentifier, $"key:{key.KeyId}"),
                new(ClaimTypes.Name, $"api-key:{key.KeyId}"),
                new(PlatformClaims.TenantId, key.TenantId!.Value.ToString()),
                new(ClaimTypes.Role, key.Role!),
            ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        var detail = Request.Headers.ContainsKey(ApiKeyLookup.Header)
            ? "The API key is unknown or revoked."
            : $"Sign in (session cookie or bearer token), or send an API key in the {ApiKeyLookup.Header} header.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 403, Title = "Forbidden", Detail = "Your key does not allow this action." },
        });
    }
}
