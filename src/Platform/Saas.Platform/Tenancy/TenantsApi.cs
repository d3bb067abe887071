using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;

namespace Saas.Platform.Tenancy;

/// <summary>A tenant as the API shows it (never its connection string).</summary>
public sealed record TenantResponse(Guid Id, string Identifier, string Name, string Isolation, bool IsActive, DateTimeOffset CreatedAt)
{
    internal static TenantResponse From(TenantInfo tenant) =>
        new(tenant.Id, tenant.Identifier, tenant.Name, tenant.Isolation.ToString().ToLowerInvariant(), tenant.IsActive, tenant.CreatedAt);
}

/// <summary>A new tenant with its first admin key; the key's secret is shown here only.</summary>
public sealed record CreatedTenantResponse(TenantResponse Tenant, CreatedApiKey ApiKey);

/// <summary>The body of <c>PATCH /api/tenants/{identifier}</c>.</summary>
public sealed record UpdateTenantRequest(bool? IsActive);

internal static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder routes)
    {
        var platform = routes.MapGroup("/api/tenants").WithTags("Tenants").RequirePlatform().RequireAuthorization(Policies.Operator);
        platform.MapPost("/", CreateAsync).WithName("CreateTenant").WithSummary("Create a tenant and its first admin API key");
        platform.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("List every tenant");
        platform.MapPatch("/{identifier}", UpdateAsync).WithName("UpdateTenant").WithSummary("Enable or disable a tenant");

        routes.MapGet("/api/tenant", Current).WithTags("Tenants").RequireTenant()
            .WithName("GetCurrentTenant").WithSummary("The tenant the caller is in");
        return routes;
    }

    private static async Task<Results<Created<CreatedTenantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest request, TenantProvisioner provisioner, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await provisioner.CreateAsync(request, user.Identity?.Name ?? "operator", cancellationToken);
        if (result.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (result.Conflict)
        {
            return TypedResults.Problem($"A tenant '{request.Identifier}' already exists.", statusCode: 409, title: "Identifier taken");
        }

        var tenant = TenantResponse.From(result.Tenant!);
        return TypedResults.Created($"/t/{tenant.Identifier}/api/tenant", new CreatedTenantResponse(tenant, result.AdminKey!));
    }

    private static async Task<Ok<IEnumerable<TenantResponse>>> ListAsync(ITenantStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(TenantResponse.From));

    private static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string identifier, UpdateTenantRequest request, TenantProvisioner provisioner, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.IsActive is not { } isActive)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["isActive"] = ["Give isActive: true or false."] });
        }

        var tenant = await provisioner.SetActiveAsync(identifier, isActive, user.Identity?.Name ?? "operator", cancellationToken);
        return tenant is null
            ? TypedResults.Problem($"There is no tenant '{identifier}'.", statusCode: 404, title: "Tenant not found")
            : TypedResults.Ok(TenantResponse.From(tenant));
    }

    private static Ok<TenantResponse> Current(HttpContext context) =>
        TypedResults.Ok(TenantResponse.From(context.Features.Get<TenantResolution>()!.Tenant));
}
