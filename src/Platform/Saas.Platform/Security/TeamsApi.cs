using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

internal static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder routes)
    {
        var teams = routes.MapGroup("/api/teams").WithTags("People").RequireTenant();
        teams.MapGet("/", ListAsync).WithName("ListTeams").WithSummary("The tenant's teams with their members");
        teams.MapGet("/{teamId:guid}", GetAsync).WithName("GetTeam").WithSummary("One team");

        var admin = teams.MapGroup(string.Empty).RequireAuthorization(Policies.TenantAdmin);
        admin.MapPost("/", CreateAsync).WithName("CreateTeam").WithSummary("Create a team");
        admin.MapPatch("/{teamId:guid}", UpdateAsync).WithName("UpdateTeam").WithSummary("Rename a team or change its description");
        admin.MapDelete("/{teamId:guid}", DeleteAsync).WithName("DeleteTeam").WithSummary("Delete a team (its members stay members of the tenant)");
        admin.MapPut("/{teamId:guid}/members/{userId:guid}", AddMemberAsync).WithName("AddTeamMember").WithSummary("Put a tenant member in the team");
        admin.MapDelete("/{teamId:guid}/members/{userId:guid}", RemoveMemberAsync).WithName("RemoveTeamMember").WithSummary("Take a member out of the team");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<TeamResponse>>> ListAsync(ITenantAccessor tenants, TeamService teams, CancellationToken cancellationToken) =>
        TypedResults.Ok(await teams.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> GetAsync(Guid teamId, ITenantAccessor tenants, TeamService teams, CancellationToken cancellationToken) =>
        await teams.FindAsync(tenants.Tenant!.Id, teamId, cancellationToken) is { } team ? TypedResults.Ok(team) : TeamNotFound(teamId);

    private static async Task<Results<Created<TeamResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TeamRequest request, HttpContext http, ITenantAccessor tenants, TeamService teams, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await teams.CreateAsync(tenants.Tenant!.Id, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Team name taken"),
            _ => TypedResults.Created($"{http.Request.PathBase}/api/teams/{outcome.Value!.Id}", outcome.Value),
        };
    }

    private static async Task<Results<Ok<TeamResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid teamId, TeamRequest request, ITenantAccessor tenants, TeamService teams, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await teams.UpdateAsync(tenants.Tenant!.Id, teamId, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Team name taken"),
            { Value: null } => TeamNotFound(teamId),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid teamId, ITenantAccessor tenants, TeamService teams, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await teams.DeleteAsync(tenants.Tenant!.Id, teamId, user.Identity!.Name!, cancellationToken) ? TypedResults.NoContent() : TeamNotFound(teamId);

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> AddMemberAsync(
        Guid teamId, Guid userId, ITenantAccessor tenants, TeamService teams, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await teams.AddMemberAsync(tenants.Tenant!.Id, teamId, userId, user.Identity!.Name!, cancellationToken) is { } team
            ? TypedResults.Ok(team)
            : TypedResults.Problem($"There is no team {teamId}, or user {userId} is not a member of this tenant.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> RemoveMemberAsync(
        Guid teamId, Guid userId, ITenantAccessor tenants, TeamService teams, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await teams.RemoveMemberAsync(tenants.Tenant!.Id, teamId, userId, user.Identity!.Name!, cancellationToken) is { } team
            ? TypedResults.Ok(team)
            : TypedResults.Problem($"User {userId} is not in team {teamId}.", statusCode: 404, title: "Not found");

    private static ProblemHttpResult TeamNotFound(Guid teamId) =>
        TypedResults.Problem($"There is no team {teamId} in this tenant.", statusCode: 404, title: "Team not found");
}
