using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Audit;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>The body of <c>POST /api/keys</c>; without a role the key is read-only (least privilege).</summary>
public sealed record CreateApiKeyRequest(string? Name, string? Role);

internal static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").WithTags("API keys").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List the tenant's API keys, without their secrets");
        keys.MapGet("/{id:guid}", GetAsync).WithName("GetApiKey").WithSummary("One API key, without its secret");
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Create an API key; its secret is shown once");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(ITenantAccessor tenants, ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Ok<ApiKeySummary>, ProblemHttpResult>> GetAsync(Guid id, ITenantAccessor tenants, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.FindAsync(tenants.Tenant!.Id, id, cancellationToken) is { } key
            ? TypedResults.Ok(key)
            : TypedResults.Problem($"There is no API key {id} in this tenant.", statusCode: 404, title: "API key not found");

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, HttpContext http, ITenantAccessor tenants, ApiKeyService keys, IAuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }

        var role = request.Role ?? TenantRoles.ReadOnly;
        if (TenantRoles.Validate(role) is { } roleError)
        {
            errors["role"] = [roleError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = user.Identity!.Name!;
        var key = await keys.CreateAsync(tenants.Tenant!.Id, name!, role, actor, cancellationToken);
        await audit.RecordAsync(actor, "apikey.created", key.Id.ToString(), $"{key.Name} (role={key.Role})", cancellationToken);
        return TypedResults.Created($"{http.Request.PathBase}/api/keys/{key.Id}", key);
    }

    private static async Task<Results<Ok<ApiKeySummary>, ProblemHttpResult>> RevokeAsync(
        Guid id, ITenantAccessor tenants, ApiKeyService keys, IAuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(tenants.Tenant!.Id, id, cancellationToken);
        if (revoked is null)
        {
            return TypedResults.Problem($"There is no API key {id} in this tenant.", statusCode: 404, title: "API key not found");
        }

        await audit.RecordAsync(user.Identity!.Name!, "apikey.revoked", id.ToString(), revoked.Name, cancellationToken);
        return TypedResults.Ok(revoked);
    }
}
