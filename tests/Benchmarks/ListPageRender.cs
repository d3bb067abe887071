using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using Saas.Platform.Ui.Components.Pages;
using Saas.Platform.Ui.Session;

namespace Saas.Benchmarks;

/// <summary>
/// Issue 7: the server's time to render the staff app's list page of an entity, from its parameters to its markup,
/// the way a circuit renders it when a member opens the page: the page's metadata and permission reads, its query of
/// 50 rows with the count, and the render of the rows by MudBlazor's components. The page runs in a DI scope of the
/// real host, as an admin of the tenant, so it goes through the same services as a circuit. Writing the markup as
/// HTML is counted too (a circuit sends a render diff instead), so the figure errs on the high side; the browser's own
/// work is not part of it.
/// </summary>
internal static class ListPageRender
{
    private const int Rows = 50;

    public static async Task<double[]> MeasureAsync(IServiceProvider services, string tenantIdentifier, string entity, int count)
    {
        var tenant = await services.GetRequiredService<ITenantStore>().FindByIdentifierAsync(tenantIdentifier, CancellationToken.None)
            ?? throw new InvalidOperationException($"No tenant {tenantIdentifier}.");
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "benchmark admin"),
                new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
                new Claim(PlatformClaims.TenantId, tenant.Id.ToString()),
                new Claim(ClaimTypes.Role, TenantRoles.Admin),
            ],
            "Benchmark"));
        var loggers = services.GetRequiredService<ILoggerFactory>();

        for (var i = 0; i < 5; i++)
        {
            await RenderOnceAsync(services, loggers, tenant, admin, entity);
        }

        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await RenderOnceAsync(services, loggers, tenant, admin, entity);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        return times;
    }

    private static async Task RenderOnceAsync(IServiceProvider services, ILoggerFactory loggers, TenantInfo tenant, ClaimsPrincipal admin, string entity)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<StaffSession>().Start(admin, tenant);
        var baseUri = $"http://localhost/t/{tenant.Identifier}/";
        ((IHostEnvironmentNavigationManager)scope.ServiceProvider.GetRequiredService<NavigationManager>()).Initialize(baseUri, $"{baseUri}records/{entity}");

        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var page = await renderer.RenderComponentAsync<EntityList>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Entity"] = entity }));
            return page.ToHtmlString();
        });

        // The page must have rendered a full page of rows, not a refusal or an empty list.
        if (html.Split("class=\"record-row\"").Length - 1 != Rows)
        {
            throw new InvalidOperationException($"The list page did not render its rows: {html[..Math.Min(html.Length, 2000)]}");
        }
    }
}
