using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Security;

internal static class SecurityRegistration
{
    private const string PlatformScheme = "Platform";

    /// <summary>
    /// Three ways in: an <c>X-Api-Key</c> header, a bearer token (API clients of people), or the session cookie (the browser).
    /// A policy scheme picks one per request; challenges and refusals always answer as problem details.
    /// </summary>
    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PlatformScheme;
                o.DefaultChallengeScheme = ApiKeyAuthenticationHandler.SchemeName;
                o.DefaultForbidScheme = ApiKeyAuthenticationHandler.SchemeName;
            })
            .AddPolicyScheme(PlatformScheme, "API key, bearer token or cookie", o => o.ForwardDefaultSelector = SchemeOf)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "saas.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAntiforgery(o => o.HeaderName = CookieAntiforgeryMiddleware.HeaderName);
        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<IClaimsTransformation, MembershipClaims>();

        services.AddScoped<ApiKeyLookup>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<InvitationService>();
        services.AddScoped<MemberService>();
        services.AddScoped<TeamService>();
        services.AddScoped<IStartupTask, PlatformRolesSeeder>();
        services.AddSingleton<IAuthorizationHandler, TenantMemberHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, NotFoundForOtherTenants>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.RequireRole(PlatformClaims.OperatorRole))
            .AddPolicy(Policies.TenantMember, p => p.RequireAuthenticatedUser().AddRequirements(new TenantMemberRequirement()))
            .AddPolicy(Policies.TenantAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new TenantMemberRequirement()).RequireRole(PlatformClaims.TenantAdminRole));
        return services;
    }

    /// <summary>The scheme that authenticates a request: by header, else the session cookie.</summary>
    public static string SchemeOf(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyLookup.Header))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme;
    }
}

/// <summary>The roles outside any tenant exist, so they can be given to people.</summary>
internal sealed class PlatformRolesSeeder(RoleManager<IdentityRole<Guid>> roles) : IStartupTask
{
    public static readonly IReadOnlyList<string> PlatformRoles = [PlatformClaims.OperatorRole, PlatformClaims.PublisherRole];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var role in PlatformRoles)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Uuid.NewSequential() });
            }
        }
    }
}
