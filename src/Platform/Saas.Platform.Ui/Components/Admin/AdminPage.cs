using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Saas.Platform.Ui.Resources;
using Saas.Platform.Ui.Session;

namespace Saas.Platform.Ui.Components.Admin;

/// <summary>
/// A page of the admin area. The services behind it are the ones the admin-only API routes call, and they do not check
/// the caller themselves (the route's policy does): so every unit of work here checks that the member is an admin, and
/// a page loads nothing for anyone else (it shows <see cref="AdminFrame"/>'s refusal).
/// </summary>
public abstract class AdminPage : ComponentBase
{
    [Inject]
    protected StaffSession Session { get; set; } = default!;

    [Inject]
    protected TenantWork Work { get; set; } = default!;

    [Inject]
    protected IStringLocalizer<Strings> T { get; set; } = default!;

    /// <summary>The tenant the admin manages.</summary>
    protected Guid TenantId => Session.Tenant!.Id;

    /// <summary>Who acts, for the audit log (the same name the API records for a signed-in person).</summary>
    protected string Actor => Session.Caller!.Name;

    /// <summary>The problem to show above the page's content, if any.</summary>
    protected string? Problem { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (Session.IsAdmin)
        {
            await LoadAsync();
        }
    }

    /// <summary>Reads what the page shows; called once the member is known to be an admin.</summary>
    protected abstract Task LoadAsync();

    /// <summary>One unit of admin work with the circuit's tenant and member; refuses anyone but an admin.</summary>
    protected Task<TResult> AdminAsync<TResult>(Func<IServiceProvider, Task<TResult>> work) =>
        Session.IsAdmin ? Work.RunAsync(work) : throw new InvalidOperationException("Only a tenant admin may use the admin area.");

    /// <summary>Validation errors of a service, in one line.</summary>
    protected static string Describe(IDictionary<string, string[]> errors) => string.Join(" ", errors.SelectMany(e => e.Value));
}
