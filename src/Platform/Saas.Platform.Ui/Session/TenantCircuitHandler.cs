using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Ui.Session;

/// <summary>
/// Carries the tenant into a circuit. When the circuit opens, its user (authenticated by the hub's own request, under
/// <c>/t/{tenant}</c>, so the membership claims name that tenant) gives the tenant; then every inbound activity
/// (a click, a navigation, a JS callback) runs with that tenant ambient, as a request would.
/// </summary>
internal sealed partial class TenantCircuitHandler(
    StaffSession session,
    AuthenticationStateProvider authentication,
    IServiceScopeFactory scopes,
    ITenantSetter tenants,
    ILogger<TenantCircuitHandler> logger) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        TenantInfo? tenant = null;
        if (Guid.TryParse(user.FindFirstValue(PlatformClaims.TenantId), out var tenantId))
        {
            await using var scope = scopes.CreateAsyncScope();
            tenant = await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(tenantId, cancellationToken);
        }

        session.Start(user, tenant is { IsActive: true } ? tenant : null);
        Log.CircuitOpened(logger, circuit.Id, session.Tenant?.Identifier ?? "(none)");
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            using var current = session.Tenant is { } tenant ? tenants.Begin(tenant) : null;
            await next(context);
        };

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Debug, "Circuit {Circuit} opened for tenant {Tenant}")]
        public static partial void CircuitOpened(ILogger logger, string circuit, string tenant);
    }
}
