using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Querying;

/// <summary>Lists records with OData query options, for members and keys whose role may read the entity.</summary>
internal static class QueryApi
{
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/data/{entity}").WithTags("Records").RequireTenant()
            .MapGet("/", QueryAsync).WithName("QueryRecords").WithSummary("Query records with $filter, $orderby, $select, $top, $expand, $count; pages continue by @odata.nextLink");
        return routes;
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        string entity, IRecordQueryService queries, HttpContext http, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query;
        if (parameters.Keys.FirstOrDefault(k => k.StartsWith('$') && !QueryOptionNames.All.Contains(k)) is { } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [unknown] = [$"{unknown} is not supported; use {string.Join(", ", QueryOptionNames.All)} (pages continue by @odata.nextLink, not $skip)"],
            });
        }

        string? Option(string name) => parameters.TryGetValue(name, out var value) ? value.ToString() : null;
        var query = new RecordQuery(
            Option(QueryOptionNames.Filter), Option(QueryOptionNames.OrderBy), Option(QueryOptionNames.Select), Option(QueryOptionNames.Expand),
            Option(QueryOptionNames.Top), Option(QueryOptionNames.Count), Option(QueryOptionNames.SkipToken));
        var outcome = await queries.QueryAsync(entity, query, cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (outcome.Forbidden is { } forbidden)
        {
            return TypedResults.Problem(forbidden, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (outcome.Page is not { } page)
        {
            return TypedResults.Problem($"There is no entity '{entity}'.", statusCode: StatusCodes.Status404NotFound, title: "Entity not found");
        }

        var answer = new JsonObject { ["value"] = new JsonArray([.. page.Records]) };
        if (page.Count is { } count)
        {
            answer["@odata.count"] = count;
        }

        if (page.NextSkipToken is { } token)
        {
            answer["@odata.nextLink"] = NextLink(http.Request, token);
        }

        return TypedResults.Ok(answer);
    }

    /// <summary>The same request with the next token: from PathBase, so it keeps <c>/t/{tenant}</c>.</summary>
    private static string NextLink(HttpRequest request, string token)
    {
        var options = request.Query.Where(p => p.Key != QueryOptionNames.SkipToken)
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create(QueryOptionNames.SkipToken, (string?)token));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(options));
    }
}
