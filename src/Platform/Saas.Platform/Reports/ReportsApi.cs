using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Querying;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Reports;

/// <summary>Summaries of an entity's records (counts and aggregates, grouped), for members and keys whose role may read the entity.</summary>
internal static class ReportsApi
{
    private static readonly string[] Parameters = ["groupBy", "interval", "aggregate", "field", QueryOptionNames.Filter];

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/reports/{entity}").WithTags("Reports").RequireTenant()
            .MapGet("/", RunAsync).WithName("RunReport").WithSummary("Count the records matching $filter, grouped by a field (dates by month, quarter or year), with the sum, avg, min or max of a number field");
        return routes;
    }

    private static async Task<Results<Ok<ReportAnswer>, ValidationProblem, ProblemHttpResult>> RunAsync(
        string entity, ReportService reports, HttpContext http, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        if (query.Keys.FirstOrDefault(k => !Parameters.Contains(k)) is { } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [unknown] = [$"'{unknown}' is not a report parameter; use {string.Join(", ", Parameters)}."],
            });
        }

        string? Option(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
        var outcome = await reports.RunAsync(
            entity, new ReportRequest(Option("groupBy"), Option("interval"), Option("aggregate"), Option("field"), Option(QueryOptionNames.Filter)), cancellationToken);
        return outcome switch
        {
            { Answer: { } answer } => TypedResults.Ok(answer),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Forbidden: { } forbidden } => TypedResults.Problem(forbidden, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
            _ => TypedResults.Problem($"There is no entity '{entity}'.", statusCode: StatusCodes.Status404NotFound, title: "Entity not found"),
        };
    }
}
