using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Access;

/// <summary>Permission sets, the roles made of them, and explanations of a member's access; for the tenant's admins.</summary>
internal static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder routes)
    {
        var access = routes.MapGroup("/api/access").WithTags("Access").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        access.MapGet("/permission-sets", ListSetsAsync).WithName("ListPermissionSets").WithSummary("The tenant's permission sets and the roles made of them");
        access.MapPost("/permission-sets", CreateSetAsync).WithName("CreatePermissionSet").WithSummary("Create a permission set");
        access.MapGet("/permission-sets/{setId:guid}", GetSetAsync).WithName("GetPermissionSet").WithSummary("One permission set");
        access.MapPut("/permission-sets/{setId:guid}", UpdateSetAsync).WithName("UpdatePermissionSet").WithSummary("Replace a permission set's name, description and rules");
        access.MapDelete("/permission-sets/{setId:guid}", DeleteSetAsync).WithName("DeletePermissionSet").WithSummary("Delete a permission set (roles left without sets use their defaults)");
        access.MapGet("/roles", ListRolesAsync).WithName("ListRoles").WithSummary("Each role with its permission sets, or the defaults it uses");
        access.MapPut("/roles/{role}", SetRoleAsync).WithName("SetRolePermissionSets").WithSummary("Make a role of permission sets; an empty list returns it to its defaults");
        access.MapGet("/explain", ExplainAsync).WithName("ExplainAccess").WithSummary("Why a member or an API key may or may not act on an entity, a record and a field");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<PermissionSetResponse>>> ListSetsAsync(ITenantAccessor tenants, PermissionSetService sets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sets.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Ok<PermissionSetResponse>, ProblemHttpResult>> GetSetAsync(
        Guid setId, ITenantAccessor tenants, PermissionSetService sets, CancellationToken cancellationToken) =>
        await sets.FindAsync(tenants.Tenant!.Id, setId, cancellationToken) is { } set ? TypedResults.Ok(set) : SetNotFound(setId);

    private static async Task<Results<Created<PermissionSetResponse>, ValidationProblem, ProblemHttpResult>> CreateSetAsync(
        PermissionSetRequest request, HttpContext http, ITenantAccessor tenants, PermissionSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await sets.CreateAsync(tenants.Tenant!.Id, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Permission set name taken"),
            _ => TypedResults.Created($"{http.Request.PathBase}/api/access/permission-sets/{outcome.Value!.Id}", outcome.Value),
        };
    }

    private static async Task<Results<Ok<PermissionSetResponse>, ValidationProblem, ProblemHttpResult>> UpdateSetAsync(
        Guid setId, PermissionSetRequest request, ITenantAccessor tenants, PermissionSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await sets.UpdateAsync(tenants.Tenant!.Id, setId, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Permission set name taken"),
            { Value: null } => SetNotFound(setId),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSetAsync(
        Guid setId, ITenantAccessor tenants, PermissionSetService sets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await sets.DeleteAsync(tenants.Tenant!.Id, setId, user.Identity!.Name!, cancellationToken) ? TypedResults.NoContent() : SetNotFound(setId);

    private static async Task<Ok<IReadOnlyList<RoleResponse>>> ListRolesAsync(ITenantAccessor tenants, RoleService roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Ok<RoleResponse>, ValidationProblem, ProblemHttpResult>> SetRoleAsync(
        string role, RoleRequest request, ITenantAccessor tenants, RoleService roles, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await roles.SetAsync(tenants.Tenant!.Id, role, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Value: null } => TypedResults.Problem($"There is no role '{role}'; the roles are {string.Join(", ", TenantRoles.All)}.", statusCode: 404, title: "Role not found"),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    private static async Task<Results<Ok<AccessExplanation>, ValidationProblem>> ExplainAsync(
        string? user, string? key, string? entity, Guid? record, string? field, ITenantAccessor tenants, AccessExplainer explainer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user) == string.IsNullOrWhiteSpace(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(user) ? "user" : "key"] = ["Name either a user (id or email) or an API key (id or name), not both, whose access to explain."],
            });
        }

        if (string.IsNullOrWhiteSpace(entity))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["entity"] = ["Name the entity whose access to explain."] });
        }

        var outcome = await explainer.ExplainAsync(tenants.Tenant!.Id, new ExplainQuery(NullIfBlank(user), NullIfBlank(key), entity, record, field), cancellationToken);
        return outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(outcome.Value!);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ProblemHttpResult SetNotFound(Guid setId) =>
        TypedResults.Problem($"There is no permission set {setId} in this tenant.", statusCode: 404, title: "Permission set not found");
}
