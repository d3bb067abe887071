using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Access;

/// <summary>Who acts in the current tenant: a person (with their user id) or an API key (none), and the role they act with.</summary>
public sealed record Caller(string Name, Guid? UserId, string Role)
{
    public bool IsKey => UserId is null;

    /// <summary>
    /// The caller a signed-in principal is in <paramref name="tenant"/>: a member or key of it (the membership claims
    /// name the tenant and the role), or null for anyone else.
    /// </summary>
    public static Caller? Of(ClaimsPrincipal user, TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!user.HasClaim(PlatformClaims.TenantId, tenant.Id.ToString())
            || user.FindAll(ClaimTypes.Role).Select(c => c.Value).FirstOrDefault(TenantRoles.All.Contains) is not { } role)
        {
            return null;
        }

        var isKey = user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
        Guid? userId = !isKey && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        return new Caller(user.Identity!.Name!, userId, role);
    }
}

/// <summary>
/// Makes a caller current in a scope that no request created, such as a unit of work of a Blazor circuit (where the
/// request that set the caller is long gone). Like <see cref="ITenantSetter"/>, only entry points use it.
/// </summary>
public interface ICallerSetter
{
    /// <summary>The caller of the current scope from now on.</summary>
    void Become(Caller caller);
}

/// <summary>
/// The caller of the current scope. Set once per request by <see cref="CallerMiddleware"/>; null where no one called
/// (jobs, seeders), which the record services treat as the platform itself, with full access.
/// </summary>
internal sealed class CurrentCaller : ICallerSetter
{
    public Caller? Value { get; set; }

    public void Become(Caller caller) => Value = caller ?? throw new ArgumentNullException(nameof(caller));

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
        if (tenants.Tenant is { } tenant && Caller.Of(context.User, tenant) is { } caller)
        {
            current.Value = caller;
        }

        return next(context);
    }
}
