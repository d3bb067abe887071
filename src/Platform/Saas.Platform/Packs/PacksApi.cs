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
        packs.MapGet("/export", ExportConfigurationAsync).WithName("ExportPack")
            .WithSummary("The tenant's configuration as the files of a pack folder, with the validator's problems (read-only; the pack tool's export)");
        packs.MapGet("/{packId}", GetAsync).WithName("GetInstalledPack").WithSummary("One installed pack with the components it installed");
        packs.MapPost("/{packId}/upgrade", UpgradeAsync).WithName("UpgradePack")
            .WithSummary("Upgrade to a newer version by a 3-way merge per property that keeps the tenant's edits; dryRun only reports");
        packs.MapDelete("/{packId}", UninstallAsync).WithName("UninstallPack")
            .WithSummary("Uninstall: refused while its entities hold records (unless exportAndDelete=true) or another pack builds on it");
        packs.MapGet("/exports/{exportId:guid}", ExportAsync).WithName("GetPackExport").WithSummary("The CSV of records exported when a pack was uninstalled");
        packs.MapPost("/{packId}/rollback", RollbackAsync).WithName("RollBackPack")
            .WithSummary("Go back to the version before the last upgrade, keeping what the tenant edited since");
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

        return Refusal(outcome).Result switch
        {
            ValidationProblem validation => validation,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("A refusal is a problem."),
        };
    }

    private static async Task<Results<Ok<PackExportFiles>, ValidationProblem>> ExportConfigurationAsync(
        [AsParameters] PackExportRequest query, PackExporter exporter, CancellationToken cancellationToken)
    {
        var outcome = await exporter.ExportAsync(query, cancellationToken);
        return outcome.Export is { } export ? TypedResults.Ok(export) : TypedResults.ValidationProblem(outcome.Errors!, title: "Invalid export request");
    }

    private static async Task<Results<Ok<PackUpgradeReport>, ValidationProblem, ProblemHttpResult>> UpgradeAsync(
        string packId, UpgradePackRequest request, PackInstaller installer, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Reported(await installer.UpgradeAsync(packId, request, user.Identity!.Name!, cancellationToken));

    private static async Task<Results<Ok<PackUpgradeReport>, ValidationProblem, ProblemHttpResult>> RollbackAsync(
        string packId, RollbackPackRequest? request, PackInstaller installer, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Reported(await installer.RollbackAsync(packId, request ?? new RollbackPackRequest(null, null, null), user.Identity!.Name!, cancellationToken));

    private static async Task<Results<Ok<PackUninstallReport>, ProblemHttpResult>> UninstallAsync(
        string packId, bool? exportAndDelete, HttpContext http, PackInstaller installer, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await installer.UninstallAsync(packId, exportAndDelete == true, user.Identity!.Name!, cancellationToken);
        if (outcome.Report is { } report)
        {
            return TypedResults.Ok(report);
        }

        var refused = outcome.Refused!;
        var extensions = outcome.Records is { } records ? new Dictionary<string, object?> { ["records"] = records } : null;
        return TypedResults.Problem(refused.Detail, statusCode: refused.Status, title: refused.Title, extensions: extensions);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid exportId, PackInstaller installer, CancellationToken cancellationToken) =>
        await installer.FindExportAsync(exportId, cancellationToken) is { } export
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(export.Content), "text/csv; charset=utf-8", $"{export.PackId}-{export.Entity}-{export.CreatedAt:yyyyMMddHHmmss}.csv")
            : TypedResults.Problem($"There is no pack export '{exportId}' in this tenant.", statusCode: 404, title: "Export not found");

    private static Results<Ok<PackUpgradeReport>, ValidationProblem, ProblemHttpResult> Reported(PackChangeOutcome outcome) =>
        outcome switch
        {
            { Report: { } report } => TypedResults.Ok(report),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors, title: "Invalid request"),
            _ => Refusal(outcome.Refused!).Result switch
            {
                ValidationProblem validation => validation,
                ProblemHttpResult problem => problem,
                _ => throw new InvalidOperationException("A refusal is a problem."),
            },
        };

    private static Results<ValidationProblem, ProblemHttpResult> Refusal(PackInstallOutcome outcome)
    {
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
