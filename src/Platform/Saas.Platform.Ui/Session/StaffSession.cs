using System.Security.Claims;
using Saas.Platform.Access;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Ui.Session;

/// <summary>
/// The tenant and the signed-in member of one Blazor circuit. The circuit outlives the request that opened it, so the
/// request's ambient tenant and caller are gone by the time a person clicks: they are carried here instead, found
/// once from the circuit's user when it opens (see <see cref="TenantCircuitHandler"/>).
/// </summary>
public sealed class StaffSession
{
    /// <summary>The tenant the circuit serves; null when the user is no member of the tenant the page was opened under.</summary>
    public TenantInfo? Tenant { get; private set; }

    /// <summary>The member as the services see them: name, user id and role in <see cref="Tenant"/>.</summary>
    public Caller? Caller { get; private set; }

    public ClaimsPrincipal User { get; private set; } = new(new ClaimsIdentity());

    /// <summary>Who writes, for the created/modified-by columns and history.</summary>
    public RecordActor Actor => new(Caller?.Name ?? "unknown", Caller?.UserId);

    /// <summary>Whether the circuit has a tenant and a member of it.</summary>
    public bool IsMember => Tenant is not null && Caller is not null;

    /// <summary>Whether the member is an admin of <see cref="Tenant"/>: only admins are offered (and served) the admin area.</summary>
    public bool IsAdmin => IsMember && Caller!.Role == Saas.Platform.Security.TenantRoles.Admin;

    internal void Start(ClaimsPrincipal user, TenantInfo? tenant)
    {
        User = user;
        Caller = tenant is null ? null : Caller.Of(user, tenant);
        Tenant = Caller is null ? null : tenant;
    }
}
