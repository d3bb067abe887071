using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Search;

/// <summary>Global search across the tenant's entities, for members and keys; each sees only what they may read.</summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/search", SearchAsync).WithTags("Search").RequireTenant().WithName("Search")
            .WithSummary("Records whose readable text fields contain q, grouped per entity, best first; top records per entity, optionally one entity");
        return routes;
    }

    private static async Task<Results<Ok<SearchResult>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        string? q, string? top, string? entity, ISearchService search, CancellationToken cancellationToken)
    {
        var outcome = await search.SearchAsync(new SearchRequest(q, top, entity), cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return outcome.Result is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(outcome.Forbidden, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
    }
}
