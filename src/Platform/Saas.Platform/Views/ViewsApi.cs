using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Views;

/// <summary>The signed-in member's saved list views of an entity.</summary>
internal static class ViewsApi
{
    public static IEndpointRouteBuilder MapViewsApi(this IEndpointRouteBuilder routes)
    {
        var views = routes.MapGroup("/api/views/{entity}").WithTags("Views").RequireTenant().RequireAuthorization(Policies.TenantMember);
        views.MapGet("/", ListAsync).WithName("ListSavedViews").WithSummary("The caller's saved views of the entity, by name");
        views.MapPost("/", SaveAsync).WithName("SaveView").WithSummary("Save a view (filter, order, columns) under a name; the same name replaces it");
        views.MapDelete("/{viewId:guid}", DeleteAsync).WithName("DeleteSavedView").WithSummary("Delete one of the caller's views");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<SavedViewResponse>>> ListAsync(string entity, SavedViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(entity, cancellationToken));

    private static async Task<Results<Ok<SavedViewResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string entity, SavedViewRequest request, SavedViews views, CancellationToken cancellationToken) =>
        await views.SaveAsync(entity, request, cancellationToken) switch
        {
            { View: { } view } => TypedResults.Ok(view),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            var refused => Refused(refused),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string entity, Guid viewId, SavedViews views, CancellationToken cancellationToken) =>
        await views.DeleteAsync(entity, viewId, cancellationToken) switch
        {
            { View: not null } => TypedResults.NoContent(),
            var refused => Refused(refused),
        };

    private static ProblemHttpResult Refused(SavedViewOutcome outcome) =>
        TypedResults.Problem(outcome.Detail, statusCode: outcome.Status, title: outcome.Status switch { 403 => "Forbidden", 404 => "Not found", _ => "Refused" });
}
