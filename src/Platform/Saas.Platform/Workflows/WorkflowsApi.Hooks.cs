using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>Inbound webhooks: admins make or rotate a workflow's hook; anyone holding its secret may call it.</summary>
internal static partial class WorkflowsApi
{
    private static void MapHooks(IEndpointRouteBuilder routes, RouteGroupBuilder api)
    {
        api.MapPost("/{workflowId:guid}/hook", RotateHookAsync).WithName("RotateWorkflowHook")
            .WithSummary("Make or rotate a webhook workflow's hook: a new id and secret, shown once");

        // Public by design: the caller is another system, and the secret in the header is the credential. An unknown hook
        // and a wrong secret answer the same 404, and calls count against the caller's address quota.
        routes.MapGroup("/api/workflows/hooks").WithTags("Workflows").WithMetadata(new TenantScopeMetadata(TenantScope.Tenant)).AllowAnonymous()
            .MapPost("/{hookId:guid}", CallHookAsync).WithName("CallWorkflowHook")
            .WithSummary($"Start a webhook workflow with the posted JSON as its 'body' variable; the secret goes in {WorkflowHooks.SecretHeader}");

        api.MapPost("/{workflowId:guid}/form", RenewFormAsync).WithName("RenewWorkflowForm").WithSummary("Make or renew a web-form workflow's public form address");

        // Public by design: anyone may fill in a web form (web-to-lead). A post can only create a record of the form's
        // entity with its mapped fields; spam is held off by the honeypot, the body limit and the address quota.
        routes.MapGroup("/api/forms").WithTags("Workflows").WithMetadata(new TenantScopeMetadata(TenantScope.Tenant)).AllowAnonymous()
            .MapPost("/{formId:guid}", PostFormAsync).WithName("PostWebForm").WithSummary("Post a web form (form-urlencoded or JSON): creates a record and starts the form's workflow")
            .DisableAntiforgery();
    }

    private static async Task<Results<Ok<WorkflowFormCreated>, ValidationProblem, ProblemHttpResult>> RenewFormAsync(
        Guid workflowId, WorkflowForms forms, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await forms.RenewAsync(workflowId, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: { } value } => TypedResults.Ok(value),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<Accepted<FormReceived>, ValidationProblem, ProblemHttpResult>> PostFormAsync(
        Guid formId, HttpRequest request, WorkflowForms forms, IOptions<WorkflowOptions> options, CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await HookBody.ReadBytesAsync(request.Body, request.ContentLength, options.Value.MaxHookBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
        }

        var (posted, error) = request.HasFormContentType ? (HookBody.Form(bytes), null) : HookBody.Json(bytes);
        if (posted is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        return await forms.SubmitAsync(formId, posted, cancellationToken) switch
        {
            { Accepted: true } => TypedResults.Accepted((string?)null, new FormReceived(true)),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Problem: var problem } => TypedResults.Problem(problem, statusCode: StatusCodes.Status404NotFound, title: "Form not found"),
        };
    }

    private static async Task<Results<Ok<WorkflowHookCreated>, ValidationProblem, ProblemHttpResult>> RotateHookAsync(
        Guid workflowId, WorkflowHooks hooks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await hooks.RotateAsync(workflowId, user.Identity!.Name!, cancellationToken) switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: { } value } => TypedResults.Ok(value),
            _ => NotFound(workflowId),
        };

    private static async Task<Results<Accepted<HookStarted>, ValidationProblem, ProblemHttpResult>> CallHookAsync(
        Guid hookId, HttpRequest request, WorkflowHooks hooks, IOptions<WorkflowOptions> options, CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await HookBody.ReadBytesAsync(request.Body, request.ContentLength, options.Value.MaxHookBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
        }

        var (body, error) = HookBody.Json(bytes);
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        var call = await hooks.CallAsync(hookId, request.Headers[WorkflowHooks.SecretHeader].FirstOrDefault(), body, cancellationToken);
        return call switch
        {
            { RunId: { } runId } => TypedResults.Accepted((string?)null, new HookStarted(runId)),
            { Refusal: { } refusal } => TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Workflow not published"),
            _ => TypedResults.Problem("There is no such hook, or the secret is wrong.", statusCode: StatusCodes.Status404NotFound, title: "Hook not found"),
        };
    }
}

/// <summary>The answer to a form post, the same for a real post and for dropped spam.</summary>
public sealed record FormReceived(bool Received);

/// <summary>The answer to a hook call: the run it started.</summary>
public sealed record HookStarted(Guid RunId);
