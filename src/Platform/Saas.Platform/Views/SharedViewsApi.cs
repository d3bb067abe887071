using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Views;

/// <summary>The tenant's shared list views of an entity: every member lists them, admins publish, replace and delete them.</summary>
internal static class SharedViewsApi
{
    public static IEndpointRouteBuilder MapSharedViewsApi(this IEndpointRouteBuilder routes)
    {
        var views = routes.MapGroup("/api/shared-views/{entity}").WithTags("Views").RequireTenant().RequireAuthorization(Policies.TenantMember);
        views.MapGet("/", ListAsync).WithName("ListSharedViews").WithSummary("The entity's shared views, default first, with the columns the caller may read");
        var admin = views.MapGroup(string.Empty).RequireAuthorization(Policies.TenantAdmin);
        admin.MapPut("/{viewName}", SaveAsync).WithName("SaveSharedView").WithSummary("Publish a shared view under its api name, or replace it (label, columns, filter, order, default)");
        admin.MapDelete("/{viewName}", DeleteAsync).WithName("DeleteSharedView").WithSummary("Delete a shared view");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<SharedViewResponse>>, ProblemHttpResult>> ListAsync(string entity, SharedViews views, CancellationToken cancellationToken) =>
        await views.ListAsync(entity, cancellationToken) switch
        {
            { Views: { } list } => TypedResults.Ok(list),
            var refused => Refused(refused.Status, refused.Detail),
        };

    private static async Task<Results<Ok<SharedViewResponse>, Created<SharedViewResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string entity, string viewName, SharedViewRequest request, SharedViews views, CancellationToken cancellationToken) =>
        await views.SaveAsync(entity, viewName, request, cancellationToken) switch
        {
            { View: { } view, Created: true } => TypedResults.Created((string?)null, view),
            { View: { } view } => TypedResults.Ok(view),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            var refused => Refused(refused.Status, refused.Detail),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string entity, string viewName, SharedViews views, CancellationToken cancellationToken) =>
        await views.DeleteAsync(entity, viewName, cancellationToken) switch
        {
            { View: not null } => TypedResults.NoContent(),
            var refused => Refused(refused.Status, refused.Detail),
        };

    private static ProblemHttpResult Refused(int status, string? detail) =>
        TypedResults.Problem(detail, statusCode: status, title: status switch { 403 => "Forbidden", 404 => "Not found", _ => "Refused" });
}
