using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs;

/// <summary>The packs installed in the tenant, and installing one from the catalog; for the tenant's admins.</summary>
internal static class PacksApi
{
    public static IEndpointRouteBuilder MapPacksApi(this IEndpointRouteBuilder routes)
    {
        var packs = routes.MapGroup("/api/packs").WithTags("Packs").RequireTenant().RequireAuthorization(Policies.TenantAdmin);
        packs.MapGet("/", ListAsync).WithName("ListInstalledPacks").WithSummary("The packs installed in the tenant");
        packs.MapPost("/", InstallAsync).WithName("InstallPack").WithSummary("Install a pack of the catalog, in one transaction, optionally with its sample data");
        packs.MapGet("/{packId}", GetAsync).WithName("GetInstalledPack").WithSummary("One installed pack with the components it installed");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<InstalledPackResponse>>> ListAsync(PackInstaller installer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await installer.ListAsync(cancellationToken));

    private static async Task<Results<Ok<InstalledPackResponse>, ProblemHttpResult>> GetAsync(string packId, PackInstaller installer, CancellationToken cancellationToken) =>
        await installer.FindAsync(packId, cancellationToken) is { } pack
            ? TypedResults.Ok(pack)
            : TypedResults.Problem($"The pack '{packId}' is not installed in this tenant.", statusCode: 404, title: "Pack not installed");

    private static async Task<Results<Created<InstalledPackResponse>, ValidationProblem, ProblemHttpResult>> InstallAsync(
        InstallPackRequest request, HttpContext http, PackInstaller installer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await installer.InstallAsync(request, user.Identity!.Name!, cancellationToken);
        if (outcome.Installed is { } installed)
        {
            return TypedResults.Created($"{http.Request.PathBase}/api/packs/{installed.Id}", installed);
        }

        var extensions = outcome.Problems is { } problems
            ? new Dictionary<string, object?> { ["problems"] = problems.Select(p => new { p.File, p.Path, p.Reason }).ToList() }
            : null;
        if (outcome.Status == StatusCodes.Status400BadRequest)
        {
            var errors = (outcome.Problems ?? []).GroupBy(p => p.Path.Length == 0 ? p.File : $"{p.File}:{p.Path}")
                .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, outcome.Detail, title: outcome.Title, extensions: extensions);
        }

        return TypedResults.Problem(outcome.Detail, statusCode: outcome.Status, title: outcome.Title, extensions: extensions);
    }
}
