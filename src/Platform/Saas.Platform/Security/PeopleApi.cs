using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>A tenant's people: its members and the invitations its admins send.</summary>
internal static class PeopleApi
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder routes)
    {
        var invitations = routes.MapGroup("/api/invitations").WithTags("People").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        invitations.MapGet("/", ListInvitationsAsync).WithName("ListInvitations").WithSummary("The tenant's invitations, newest first");
        invitations.MapPost("/", InviteAsync).WithName("Invite").WithSummary("Invite someone by email with a role");
        invitations.MapDelete("/{id:guid}", RevokeInvitationAsync).WithName("RevokeInvitation").WithSummary("Revoke a pending invitation");

        // The token from the mail is the credential, so accepting needs no tenant and no sign-in.
        routes.MapPost("/api/invitations/accept", AcceptAsync).WithTags("People").AllowAnonymous()
            .WithName("AcceptInvitation").WithSummary("Accept an invitation: creates the account if needed and the membership");

        var members = routes.MapGroup("/api/members").WithTags("People").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        members.MapGet("/", ListMembersAsync).WithName("ListMembers").WithSummary("The tenant's members and their roles");
        members.MapGet("/{userId:guid}", GetMemberAsync).WithName("GetMember").WithSummary("One member");
        members.MapPatch("/{userId:guid}", ChangeRoleAsync).WithName("ChangeMemberRole").WithSummary("Give a member another role");
        members.MapDelete("/{userId:guid}", RemoveAsync).WithName("RemoveMember").WithSummary("End a membership (the account stays)");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<InvitationResponse>>> ListInvitationsAsync(ITenantAccessor tenants, InvitationService invitations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invitations.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Created<InvitationResponse>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InviteRequest request, HttpContext http, ITenantAccessor tenants, InvitationService invitations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await invitations.InviteAsync(tenants.Tenant!, request, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Already a member"),
            _ => TypedResults.Created($"{http.Request.PathBase}/api/invitations/{outcome.Value!.Id}", outcome.Value),
        };
    }

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> RevokeInvitationAsync(
        Guid id, ITenantAccessor tenants, InvitationService invitations, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await invitations.RevokeAsync(tenants.Tenant!, id, user.Identity!.Name!, cancellationToken) is { } revoked
            ? TypedResults.Ok(revoked)
            : TypedResults.Problem($"There is no invitation {id} in this tenant.", statusCode: 404, title: "Invitation not found");

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        AcceptInvitationRequest request, InvitationService invitations, CancellationToken cancellationToken)
    {
        var outcome = await invitations.AcceptAsync(request, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Already a member"),
            _ => TypedResults.Ok(outcome.Value!),
        };
    }

    private static async Task<Ok<IReadOnlyList<MemberResponse>>> ListMembersAsync(ITenantAccessor tenants, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ListAsync(tenants.Tenant!.Id, cancellationToken));

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> GetMemberAsync(Guid userId, ITenantAccessor tenants, MemberService members, CancellationToken cancellationToken) =>
        await members.FindAsync(tenants.Tenant!.Id, userId, cancellationToken) is { } member ? TypedResults.Ok(member) : MemberNotFound(userId);

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        Guid userId, ChangeRoleRequest request, ITenantAccessor tenants, MemberService members, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await members.ChangeRoleAsync(tenants.Tenant!.Id, userId, request.Role, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Last admin"),
            { Value: null } => MemberNotFound(userId),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> RemoveAsync(
        Guid userId, ITenantAccessor tenants, MemberService members, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await members.RemoveAsync(tenants.Tenant!.Id, userId, user.Identity!.Name!, cancellationToken);
        return outcome switch
        {
            { Conflict: { } conflict } => TypedResults.Problem(conflict, statusCode: 409, title: "Last admin"),
            { Value: null } => MemberNotFound(userId),
            _ => TypedResults.Ok(outcome.Value),
        };
    }

    private static ProblemHttpResult MemberNotFound(Guid userId) =>
        TypedResults.Problem($"User {userId} is not a member of this tenant.", statusCode: 404, title: "Member not found");
}
