using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Security;

/// <summary>A role outside any tenant and the people who hold it.</summary>
public sealed record PlatformRoleResponse(string Role, IReadOnlyList<PlatformRoleHolder> People);

public sealed record PlatformRoleHolder(Guid UserId, string Email);

/// <summary>The body of <c>POST /api/platform/roles/{role}/people</c>: the person, by email.</summary>
public sealed record PlatformRoleGrant(string? Email);

/// <summary>
/// Operators give the roles outside any tenant (platform operator, partner publisher) to people who have an account.
/// A grant or a revocation takes effect on the person's next request (<see cref="MembershipClaims"/> reads them each time).
/// </summary>
internal static class PlatformRolesApi
{
    public static IEndpointRouteBuilder MapPlatformRolesApi(this IEndpointRouteBuilder routes)
    {
        var roles = routes.MapGroup("/api/platform/roles").WithTags("People").RequirePlatform().RequireAuthorization(Policies.Operator);
        roles.MapGet("/", ListAsync).WithName("ListPlatformRoles").WithSummary("The roles outside any tenant and who holds them");
        roles.MapPost("/{role}/people", GrantAsync).WithName("GrantPlatformRole").WithSummary("Give a platform role to a person (by email)");
        roles.MapDelete("/{role}/people/{userId:guid}", RevokeAsync).WithName("RevokePlatformRole").WithSummary("Take a platform role from a person");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<PlatformRoleResponse>>> ListAsync(CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        var holders = await (
            from userRole in catalog.UserRoles.AsNoTracking()
            join role in catalog.Roles on userRole.RoleId equals role.Id
            join person in catalog.Users on userRole.UserId equals person.Id
            orderby person.Email
            select new { role.Name, person.Id, person.Email }).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PlatformRoleResponse>>([.. PlatformRolesSeeder.PlatformRoles.Select(r =>
            new PlatformRoleResponse(r, [.. holders.Where(h => h.Name == r).Select(h => new PlatformRoleHolder(h.Id, h.Email!))]))]);
    }

    private static async Task<Results<Ok<PlatformRoleHolder>, ValidationProblem, ProblemHttpResult>> GrantAsync(
        string role, PlatformRoleGrant request, UserManager<PlatformUser> users, ILoggerFactory logs, HttpContext http)
    {
        if (!PlatformRolesSeeder.PlatformRoles.Contains(role))
        {
            return RoleNotFound(role);
        }

        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["No account has this email: the person signs up (accepts an invitation) first."] });
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            await users.AddToRoleAsync(user, role);
            logs.CreateLogger(typeof(PlatformRolesApi)).LogInformation("{Operator} gave {Role} to {Email}", http.User.Identity?.Name, role, user.Email);
        }

        return TypedResults.Ok(new PlatformRoleHolder(user.Id, user.Email!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string role, Guid userId, UserManager<PlatformUser> users, ILoggerFactory logs, HttpContext http)
    {
        if (!PlatformRolesSeeder.PlatformRoles.Contains(role))
        {
            return RoleNotFound(role);
        }

        if (await users.FindByIdAsync(userId.ToString()) is not { } user || !await users.IsInRoleAsync(user, role))
        {
            return TypedResults.Problem($"The person {userId} does not hold {role}.", statusCode: StatusCodes.Status404NotFound, title: "Not a holder");
        }

        await users.RemoveFromRoleAsync(user, role);
        logs.CreateLogger(typeof(PlatformRolesApi)).LogInformation("{Operator} took {Role} from {Email}", http.User.Identity?.Name, role, user.Email);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult RoleNotFound(string role) =>
        TypedResults.Problem($"There is no platform role '{role}'; there are {string.Join(" and ", PlatformRolesSeeder.PlatformRoles)}.", statusCode: StatusCodes.Status404NotFound, title: "Role not found");
}
