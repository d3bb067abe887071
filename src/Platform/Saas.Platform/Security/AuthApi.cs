using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Saas.Platform.Mail;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>The body of the sign-in and token calls.</summary>
public sealed record SignInRequest(string? Email, string? Password);

/// <summary>The body of <c>POST /api/auth/refresh</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>The body of <c>POST /api/auth/password/forgot</c>.</summary>
public sealed record ForgotPasswordRequest(string? Email);

/// <summary>The body of <c>POST /api/auth/password/reset</c>: the token from the reset mail and the new password.</summary>
public sealed record ResetPasswordRequest(string? Email, string? Token, string? NewPassword);

/// <summary>Who is signed in, and where they are a member.</summary>
public sealed record MeResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<MembershipSummary> Tenants, IReadOnlyList<string> PlatformRoles);

public sealed record MembershipSummary(string Identifier, string Name, string Role);

/// <summary>
/// Sign-in for people: a cookie for the browser, a bearer token for API clients, password reset by mail.
/// These routes belong to no tenant, so a tenant's own host can serve its sign-in page.
/// </summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/signin", SignInWithCookieAsync).AllowAnonymous().DisableAntiforgery().WithName("SignIn").WithSummary("Sign in with email and password; sets the session cookie");
        auth.MapPost("/token", SignInWithTokenAsync).AllowAnonymous().WithName("SignInForToken").WithSummary("Sign in with email and password; answers a bearer token");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().WithName("RefreshToken").WithSummary("Trade a refresh token for a new bearer token");
        auth.MapPost("/signout", SignOutAsync).RequireAuthorization().WithName("SignOut").WithSummary("End the cookie session");
        auth.MapGet("/antiforgery", CookieAntiforgeryMiddleware.Issue).RequireAuthorization().WithName("Antiforgery")
            .WithSummary("An antiforgery token for writes authenticated by the session cookie (header X-XSRF-TOKEN)");
        auth.MapGet("/me", MeAsync).RequireAuthorization().WithName("Me").WithSummary("The signed-in user and their tenants");
        auth.MapPost("/password/forgot", ForgotAsync).AllowAnonymous().WithName("ForgotPassword").WithSummary("Mail a password reset token");
        auth.MapPost("/password/reset", ResetAsync).AllowAnonymous().WithName("ResetPassword").WithSummary("Set a new password with the token from the mail");
        return routes;
    }

    private static Task<Results<EmptyHttpResult, ProblemHttpResult>> SignInWithCookieAsync(SignInRequest request, SignInManager<PlatformUser> signIn) =>
        PasswordSignInAsync(request, signIn, IdentityConstants.ApplicationScheme);

    private static Task<Results<EmptyHttpResult, ProblemHttpResult>> SignInWithTokenAsync(SignInRequest request, SignInManager<PlatformUser> signIn) =>
        PasswordSignInAsync(request, signIn, IdentityConstants.BearerScheme);

    /// <summary>The sign-in manager writes the cookie or the token response itself; a failure says why, except which of email or password was wrong.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> PasswordSignInAsync(SignInRequest request, SignInManager<PlatformUser> signIn, string scheme)
    {
        signIn.AuthenticationScheme = scheme;
        var result = await signIn.PasswordSignInAsync(request.Email ?? string.Empty, request.Password ?? string.Empty, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        var detail = result.IsLockedOut
            ? "Too many failed sign-ins: the account is locked for a while. Try again later or reset the password."
            : result.IsNotAllowed ? "This account may not sign in yet." : "The email or the password is wrong.";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
    }

    /// <summary>A refresh token is refused once it expired, or once the password changed (the security stamp moved on).</summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<PlatformUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var ticket = string.IsNullOrWhiteSpace(request.RefreshToken)
            ? null
            : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem("The refresh token is unknown, expired or no longer valid: sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<NoContent> SignOutAsync(SignInManager<PlatformUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<PlatformUser> users, CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Problem("Only a signed-in person has a profile; API keys do not.", statusCode: 404, title: "No user");
        }

        var tenants = await Memberships.OfUserAsync(catalog, user.Id, cancellationToken);
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.DisplayName, tenants, [.. roles]));
    }

    /// <summary>Always 202, whether or not the address has an account, so the call cannot be used to find accounts.</summary>
    private static async Task<Accepted> ForgotAsync(
        ForgotPasswordRequest request, UserManager<PlatformUser> users, IMailOutbox mail, CatalogDbContext catalog, IOptions<MailOptions> options, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/password/reset?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}";
            mail.Add(user.Email!, "Reset your password", string.Join('\n',
                "Someone asked to reset the password of your account. If it was not you, ignore this mail.",
                string.Empty,
                $"Reset it: {link}",
                string.Empty,
                $"Or through the API: POST /api/auth/password/reset with the email, a new password and this token: {token}"));
            await catalog.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetAsync(ResetPasswordRequest request, UserManager<PlatformUser> users)
    {
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is null || string.IsNullOrWhiteSpace(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["The reset token is not valid for this email."] });
        }

        var result = await users.ResetPasswordAsync(user, request.Token, request.NewPassword ?? string.Empty);
        if (result.Succeeded)
        {
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            return TypedResults.NoContent();
        }

        var errors = result.Errors.GroupBy(e => e.Code == "InvalidToken" ? "token" : "newPassword")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return TypedResults.ValidationProblem(errors);
    }
}
