using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Access;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>Runs: started by hand, read with their step log, cancelled, retried and decided; and the trigger log.</summary>
internal static partial class WorkflowsApi
{
    private const int MaxTake = 500;

    private static void MapRuns(IEndpointRouteBuilder routes, RouteGroupBuilder api)
    {
        api.MapPost("/{workflowId:guid}/run", RunAsync).WithName("RunWorkflow").WithSummary("Start the published version on one or many records");
        api.MapGet("/runs", ListRunsAsync).WithName("ListWorkflowRuns").WithSummary("Runs, newest first, by workflow and status");
        api.MapGet("/runs/{runId:guid}", GetRunAsync).WithName("GetWorkflowRun").WithSummary("One run with its step log");
        api.MapPost("/runs/{runId:guid}/cancel", CancelAsync).WithName("CancelWorkflowRun").WithSummary("Cancel a run that has not finished");
        api.MapPost("/runs/{runId:guid}/retry", RetryAsync).WithName("RetryWorkflowRun").WithSummary("Run a faulted run's failed step again");
        api.MapPost("/{workflowId:guid}/runs/migrate", MigrateAsync).WithName("MigrateWorkflowRuns").WithSummary("Move pending and waiting runs to another version where their step exists");
        api.MapGet("/trigger-log", TriggerLogAsync).WithName("WorkflowTriggerLog").WithSummary("Every trigger event, the workflows considered and why each started or not");

        // Approvers need not be admins: any member named as an approver decides.
        routes.MapGroup("/api/workflows").WithTags("Workflows").RequireTenant().RequireAuthorization(Policies.TenantMember)
            .MapPost("/runs/{runId:guid}/approvals", DecideAsync).WithName("DecideWorkflowApproval").WithSummary("Approve or reject a waiting approval, with a comment");
    }

    private static async Task<Results<Accepted<RunStarted>, ValidationProblem, ProblemHttpResult>> RunAsync(
        Guid workflowId, RunRequest request, ITenantAccessor tenants, WorkflowRuns runs, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await runs.StartManuallyAsync(tenants.Tenant!.Id, workflowId, request, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: { } started } => TypedResults.Accepted((string?)null, new RunStarted(started)),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<Ok<IReadOnlyList<RunSummary>>, ValidationProblem>> ListRunsAsync(
        Guid? workflowId, string? status, int? take, WorkflowRuns runs, CancellationToken cancellationToken)
    {
        if (status is not null && status is not (RunStatus.Pending or RunStatus.Waiting or RunStatus.Completed or RunStatus.Faulted or RunStatus.Cancelled))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["The status is pending, waiting, completed, faulted or cancelled."] });
        }

        return TypedResults.Ok(await runs.ListAsync(workflowId, status, Math.Clamp(take ?? 100, 1, MaxTake), cancellationToken));
    }

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRunAsync(Guid runId, WorkflowRuns runs, CancellationToken cancellationToken) =>
        await runs.FindAsync(runId, cancellationToken) is { } run ? TypedResults.Ok(run) : RunNotFound(runId);

    private static async Task<Results<Ok<MigrateRunsResult>, ValidationProblem, ProblemHttpResult>> MigrateAsync(
        Guid workflowId, MigrateRunsRequest request, WorkflowMigrations migrations, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await migrations.MigrateAsync(workflowId, request, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Runs moved on"),
            { Value: { } value } => TypedResults.Ok(value),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<Ok<RunSummary>, ProblemHttpResult>> CancelAsync(Guid runId, WorkflowRuns runs, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Answer(runId, await runs.CancelAsync(runId, user.Identity!.Name!, cancellationToken));

    private static async Task<Results<Ok<RunSummary>, ProblemHttpResult>> RetryAsync(Guid runId, WorkflowRuns runs, CancellationToken cancellationToken) =>
        Answer(runId, await runs.RetryAsync(runId, cancellationToken));

    private static async Task<Results<Ok<RunSummary>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid runId, ApprovalRequest request, ITenantAccessor tenants, WorkflowRuns runs, CurrentCaller caller, CancellationToken cancellationToken) =>
        caller.Value is not { UserId: not null } person || person.Role == TenantRoles.ReadOnly
            ? TypedResults.Problem("Approvals are decided by people signed in with a role that may change records, not by API keys or read-only members.", statusCode: 403, title: "Cannot decide")
            : await runs.DecideAsync(tenants.Tenant!.Id, runId, request, person, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Run cannot do that now"),
            { Value: { } value } => TypedResults.Ok(value),
            _ => RunNotFound(runId),
        };

    private static async Task<Ok<IReadOnlyList<TriggerLogEntry>>> TriggerLogAsync(
        Guid? workflowId, Guid? recordId, int? take, WorkflowRuns runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.TriggerLogAsync(workflowId, recordId, Math.Clamp(take ?? 100, 1, MaxTake), cancellationToken));

    private static Results<Ok<RunSummary>, ProblemHttpResult> Answer(Guid runId, Outcome<RunSummary> outcome) => outcome switch
    {
        { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Run cannot do that now"),
        { Value: { } value } => TypedResults.Ok(value),
        _ => RunNotFound(runId),
    };

    private static ProblemHttpResult RunNotFound(Guid runId) =>
        TypedResults.Problem($"There is no workflow run {runId} in this tenant.", statusCode: 404, title: "Run not found");
}

/// <summary>The answer of <c>POST /api/workflows/{id}/run</c>: the runs started, one per record.</summary>
public sealed record RunStarted(IReadOnlyList<Guid> RunIds);
