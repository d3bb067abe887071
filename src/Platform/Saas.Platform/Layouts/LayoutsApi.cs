using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Metadata;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Layouts;

/// <summary>An entity's form layout, for the tenant's admins: read the effective one, replace it, or go back to the default.</summary>
internal static class LayoutsApi
{
    public static IEndpointRouteBuilder MapLayoutsApi(this IEndpointRouteBuilder routes)
    {
        var layout = routes.MapGroup("/api/metadata/entities/{entity}/layout").WithTags("Metadata").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        layout.MapGet("/", GetAsync).WithName("GetLayout").WithSummary("The entity's effective form layout: its sections, or the default one");
        layout.MapPut("/", PutAsync).WithName("SaveLayout").WithSummary("Replace the entity's form layout (sections with labels, 1 or 2 columns and fields)");
        layout.MapDelete("/", DeleteAsync).WithName("DeleteLayout").WithSummary("Remove the entity's layout, so its forms follow the default again");
        return routes;
    }

    private static async Task<Results<Ok<EntityLayout>, ProblemHttpResult>> GetAsync(string entity, ILayoutService layouts, CancellationToken cancellationToken) =>
        await layouts.GetAsync(entity, cancellationToken) is { } layout ? TypedResults.Ok(layout) : EntityEditor.EntityNotFound(entity).ToProblem();

    private static async Task<Results<Ok<EntityLayout>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string entity, LayoutRequest request, LayoutEditor editor, ILayoutService layouts, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.SaveAsync(entity, request, user.Identity!.Name!, cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        return await layouts.GetAsync(entity, cancellationToken) is { } layout ? TypedResults.Ok(layout) : EntityEditor.EntityNotFound(entity).ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string entity, LayoutEditor editor, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.DeleteAsync(entity, user.Identity!.Name!, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem();
    }
}
