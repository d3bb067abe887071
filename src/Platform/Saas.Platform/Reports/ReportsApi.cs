using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Querying;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Reports;

/// <summary>Reports (counts and aggregates of an entity's records, grouped) for those who may read the entity, and the tenant's dashboards of them.</summary>
internal static class ReportsApi
{
    private static readonly string[] Parameters = ["groupBy", "interval", "aggregate", "field", QueryOptionNames.Filter];

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/reports/{entity}").WithTags("Reports").RequireTenant()
            .MapGet("/", RunAsync).WithName("RunReport").WithSummary("Count the records matching $filter, grouped by a field (dates by month, quarter or year), with the sum, avg, min or max of a number field");

        var dashboards = routes.MapGroup("/api/dashboards").WithTags("Reports").RequireTenant().RequireAuthorization(Policies.TenantMember);
        dashboards.MapGet("/", ListAsync).WithName("ListDashboards").WithSummary("The tenant's dashboards, by api name");
        dashboards.MapGet("/{dashboardId:guid}", GetAsync).WithName("GetDashboard").WithSummary("One dashboard's definition");
        dashboards.MapGet("/{dashboardId:guid}/data", DataAsync).WithName("GetDashboardData").WithSummary("Each widget's report, as the caller may see it");
        dashboards.MapPost("/", CreateAsync).WithName("CreateDashboard").WithSummary("Create a dashboard (admins); each widget's report is checked by running it").RequireAuthorization(Policies.TenantAdmin);
        dashboards.MapPut("/{dashboardId:guid}", ReplaceAsync).WithName("ReplaceDashboard").WithSummary("Replace a dashboard's label and widgets (admins)").RequireAuthorization(Policies.TenantAdmin);
        dashboards.MapDelete("/{dashboardId:guid}", DeleteAsync).WithName("DeleteDashboard").WithSummary("Delete a dashboard (admins)").RequireAuthorization(Policies.TenantAdmin);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<DashboardResponse>>> ListAsync(Dashboards dashboards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await dashboards.ListAsync(cancellationToken));

    private static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> GetAsync(Guid dashboardId, Dashboards dashboards, CancellationToken cancellationToken) =>
        await dashboards.FindAsync(dashboardId, cancellationToken) is { } dashboard ? TypedResults.Ok(dashboard) : NoSuchDashboard();

    private static async Task<Results<Ok<DashboardData>, ProblemHttpResult>> DataAsync(Guid dashboardId, Dashboards dashboards, CancellationToken cancellationToken) =>
        await dashboards.DataAsync(dashboardId, cancellationToken) is { } data ? TypedResults.Ok(data) : NoSuchDashboard();

    private static async Task<Results<Created<DashboardResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        DashboardRequest request, Dashboards dashboards, HttpContext http, CancellationToken cancellationToken) =>
        await dashboards.SaveAsync(null, request, cancellationToken) switch
        {
            { Dashboard: { } dashboard } => TypedResults.Created($"{http.Request.PathBase}/api/dashboards/{dashboard.Id}", dashboard),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            var refused => TypedResults.Problem(refused.Detail, statusCode: refused.Status),
        };

    private static async Task<Results<Ok<DashboardResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid dashboardId, DashboardRequest request, Dashboards dashboards, CancellationToken cancellationToken) =>
        await dashboards.SaveAsync(dashboardId, request, cancellationToken) switch
        {
            { Dashboard: { } dashboard } => TypedResults.Ok(dashboard),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            var refused => TypedResults.Problem(refused.Detail, statusCode: refused.Status),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid dashboardId, Dashboards dashboards, CancellationToken cancellationToken) =>
        await dashboards.DeleteAsync(dashboardId, cancellationToken) ? TypedResults.NoContent() : NoSuchDashboard();

    private static ProblemHttpResult NoSuchDashboard() =>
        TypedResults.Problem("There is no such dashboard.", statusCode: StatusCodes.Status404NotFound, title: "Dashboard not found");

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
