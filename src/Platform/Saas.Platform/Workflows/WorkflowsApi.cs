using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>Workflow definitions, for the tenant's admins: create, edit, publish and delete.</summary>
internal static partial class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/workflows").WithTags("Workflows").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        api.MapGet("/", ListAsync).WithName("ListWorkflows").WithSummary("The tenant's workflows");
        api.MapPost("/", CreateAsync).WithName("CreateWorkflow").WithSummary("Create a workflow (a draft)");
        api.MapGet("/{workflowId:guid}", GetAsync).WithName("GetWorkflow").WithSummary("One workflow: its draft and its versions");
        api.MapPut("/{workflowId:guid}", UpdateAsync).WithName("UpdateWorkflow").WithSummary("Replace a workflow's draft");
        api.MapDelete("/{workflowId:guid}", DeleteAsync).WithName("DeleteWorkflow").WithSummary("Delete a workflow (started runs finish on their version)");
        api.MapPost("/{workflowId:guid}/publish", PublishAsync).WithName("PublishWorkflow").WithSummary("Publish the draft as the next version");
        api.MapGet("/{workflowId:guid}/versions/{version:int}", GetVersionAsync).WithName("GetWorkflowVersion").WithSummary("One published version's immutable document");
        MapRuns(routes, api);
        MapHooks(routes, api);
        MapApprovalInbox(routes);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<WorkflowSummary>>> ListAsync(WorkflowDefinitions workflows, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workflows.ListAsync(cancellationToken));

    private static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> GetAsync(Guid workflowId, WorkflowDefinitions workflows, CancellationToken cancellationToken) =>
        await workflows.FindAsync(workflowId, cancellationToken) is { } found ? TypedResults.Ok(found) : NotFound(workflowId);

    private static async Task<Results<Ok<WorkflowVersionResponse>, ProblemHttpResult>> GetVersionAsync(
        Guid workflowId, int version, WorkflowDefinitions workflows, CancellationToken cancellationToken) =>
        await workflows.FindVersionAsync(workflowId, version, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"Workflow {workflowId} has no published version {version}.", statusCode: 404, title: "Version not found");

    private static async Task<Results<Created<WorkflowResponse>, ValidationProblem>> CreateAsync(
        WorkflowDocument document, HttpContext http, ITenantAccessor tenants, WorkflowDefinitions workflows, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await workflows.CreateAsync(tenants.Tenant!.Id, document, user.Identity!.Name!, cancellationToken);
        return outcome.Errors is { } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Created($"{http.Request.PathBase}/api/workflows/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid workflowId, WorkflowDocument document, ITenantAccessor tenants, WorkflowDefinitions workflows, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await workflows.UpdateAsync(tenants.Tenant!.Id, workflowId, document, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: { } value } => TypedResults.Ok(value),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        Guid workflowId, ITenantAccessor tenants, WorkflowDefinitions workflows, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await workflows.PublishAsync(tenants.Tenant!.Id, workflowId, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: { } value } => TypedResults.Ok(value),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid workflowId, WorkflowDefinitions workflows, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await workflows.DeleteAsync(workflowId, user.Identity!.Name!, cancellationToken) ? TypedResults.NoContent() : NotFound(workflowId);

    private static ProblemHttpResult NotFound(Guid workflowId) =>
        TypedResults.Problem($"There is no workflow {workflowId} in this tenant.", statusCode: 404, title: "Workflow not found");
}
