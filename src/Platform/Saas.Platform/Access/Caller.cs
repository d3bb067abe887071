using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Access;

/// <summary>Who acts in the current tenant: a person (with their user id) or an API key (none), and the role they act with.</summary>
public sealed record Caller(string Name, Guid? UserId, string Role)
{
    public bool IsKey => UserId is null;
}

/// <summary>
/// The caller of the current scope. Set once per request by <see cref="CallerMiddleware"/>; null where no one called
/// (jobs, seeders), which the record services treat as the platform itself, with full access.
/// </summary>
internal sealed class CurrentCaller
{
    public Caller? Value { get; set; }

    /// <summary>
    /// Acts as <paramref name="caller"/> in this scope until the answer is disposed: work done later on someone's behalf
    /// (a bulk import job runs with its uploader's permissions) is checked as that person's requests would be.
    /// </summary>
    public IDisposable ActAs(Caller caller)
    {
        var previous = Value;
        Value = caller;
        return new Restore(this, previous);
    }

    private sealed class Restore(CurrentCaller current, Caller? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}

/// <summary>After authentication: a member or key of the resolved tenant becomes the request's <see cref="Caller"/>.</summary>
internal sealed class CallerMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ITenantAccessor tenants, CurrentCaller current)
    {
        var user = context.User;
        if (tenants.Tenant is { } tenant
            && user.HasClaim(PlatformClaims.TenantId, tenant.Id.ToString())
            && user.FindAll(ClaimTypes.Role).Select(c => c.Value).FirstOrDefault(TenantRoles.All.Contains) is { } role)
        {
            var isKey = user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
            Guid? userId = !isKey && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
            current.Value = new Caller(user.Identity!.Name!, userId, role);
        }

        return next(context);
    }
}
