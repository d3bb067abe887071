using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using Saas.Platform.Ui.Components;
using Saas.Platform.Ui.Session;
using Saas.Platform.Ui.Work;

namespace Saas.Platform.Ui;

/// <summary>The staff web app: Blazor with interactive server rendering and MudBlazor, served per tenant at <c>/t/{tenant}/...</c>.</summary>
public static class StaffAppExtensions
{
    /// <summary>The cultures the app speaks; metadata labels use the same names.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "zh-CN"];

    /// <summary>Components, MudBlazor, localization, the circuit's tenant and the sign-in redirect for pages.</summary>
    public static WebApplicationBuilder AddStaffApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Serves the packages' _content files (MudBlazor) from a build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddLocalization();
        services.AddScoped<StaffSession>();
        services.AddScoped<TenantWork>();
        services.AddOptions<StaffAppOptions>().BindConfiguration("StaffApp");
        services.AddTransient<LiveRefresh>();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = SignInPath;

            // One session for every tenant of the person (the cookie handler would scope it to /t/{tenant}, the
            // PathBase); each page still checks the membership in its own tenant, answering 404 to others.
            o.Cookie.Path = "/";
        });
        DecorateAuthorizationResults(services);
        return builder;
    }

    /// <summary>The pages (tenant-scoped, members only, except sign-in), the language switch and sign-out.</summary>
    public static WebApplication MapStaffApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Pages take their language (and formatting) from the chosen-language cookie; the API keeps the platform's
        // Accept-Language UI culture with invariant formatting.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), pages => pages.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures([.. Cultures]).AddSupportedUICultures([.. Cultures]);
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        }));
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .Add(endpoint =>
            {
                if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any() && !endpoint.Metadata.OfType<IAllowAnonymous>().Any())
                {
                    endpoint.Metadata.Add(new TenantScopeMetadata(TenantScope.Tenant));
                    endpoint.Metadata.Add(new StaffPageMetadata());
                }
            });
        app.MapGet(CulturePath, SetCulture).AllowAnonymous().WithName("SetUiCulture").ExcludeFromDescription();
        app.MapPost(SignOutPath, SignOutAsync).WithName("SignOutOfUi").ExcludeFromDescription();
        return app;
    }

    internal const string SignInPath = "/signin";
    internal const string SignOutPath = "/signout";
    internal const string CulturePath = "/culture";

    /// <summary>Keeps the language in a cookie for a year; only a local address is followed back.</summary>
    private static RedirectHttpResult SetCulture(string? culture, string? redirectUri, HttpContext http)
    {
        var chosen = Cultures.Contains(culture ?? string.Empty, StringComparer.Ordinal) ? culture! : Cultures[0];
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(chosen))),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return TypedResults.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "~/");
    }

    /// <summary>A form post (antiforgery-checked, as every form is) that ends the cookie session and goes to sign-in.</summary>
    private static async Task<RedirectHttpResult> SignOutAsync([FromForm] string? returnUrl, SignInManager<PlatformUser> signIn, HttpContext http)
    {
        await signIn.SignOutAsync();
        var signInPage = $"{http.Request.PathBase}{SignInPath}";
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? $"{signInPage}?returnUrl={Uri.EscapeDataString(returnUrl!)}" : signInPage);
    }

    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>
    /// An anonymous browser on a staff page is sent to sign-in; everything else (API 401s, 404 for other tenants'
    /// members) keeps the platform's answer.
    /// </summary>
    private static void DecorateAuthorizationResults(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler));
        if (inner?.ImplementationType is not { } innerType)
        {
            throw new InvalidOperationException("Call AddStaffApp after AddPlatform: it refines the platform's authorization answers.");
        }

        services.Remove(inner);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler>(sp =>
            new SignInRedirect((Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(sp, innerType)));
    }
}

/// <summary>Marks the endpoints of staff pages.</summary>
public sealed class StaffPageMetadata;
