using System.Text.Json.Nodes;

namespace Saas.Platform.Packs;

/// <summary>The body of <c>POST /t/{tenant}/api/packs</c>: a pack of the catalog, its version (optional) and whether to add its sample data.</summary>
public sealed record InstallPackRequest(string? Id, string? Version, bool? SampleData);

/// <summary>A pack installed in the tenant.</summary>
public sealed record InstalledPackResponse(
    string Id,
    string Version,
    string Publisher,
    IReadOnlyDictionary<string, string> Name,
    IReadOnlyDictionary<string, string>? Description,
    bool SampleData,
    DateTimeOffset InstalledAt,
    string InstalledBy,
    IReadOnlyList<PackComponentResponse>? Components = null,
    string? PreviousVersion = null,
    DateTimeOffset? UpgradedAt = null);

/// <summary>One component a pack installed: its kind (entity, field, permissionSet, record), name and id.</summary>
public sealed record PackComponentResponse(string Kind, string Name, Guid Id, DateTimeOffset? DeprecatedAt = null);

/// <summary>How an install ended: installed, or refused with the problems (file, path, reason), or not found, or in conflict.</summary>
public sealed record PackInstallOutcome(InstalledPackResponse? Installed, IReadOnlyList<PackProblem>? Problems, int Status, string? Title, string? Detail)
{
    public static PackInstallOutcome Invalid(IReadOnlyList<PackProblem> problems, string? detail = null) => new(null, problems, 400, "The pack cannot be installed", detail);

    public static PackInstallOutcome NotFound(string detail) => new(null, null, 404, "Pack not found", detail);

    public static PackInstallOutcome Conflict(string title, string detail) => new(null, null, 409, title, detail);
}

/// <summary>
/// The body of <c>POST /t/{tenant}/api/packs/{id}/upgrade</c>: the version to go to, whether only to report
/// (<paramref name="DryRun"/>), how conflicts resolve (<paramref name="Policy"/>: <c>keepTenant</c>, the default, or
/// <c>takePublisher</c>) and per-property exceptions to that policy (<paramref name="Take"/>).
/// </summary>
public sealed record UpgradePackRequest(string? Version, bool? DryRun, string? Policy, IReadOnlyList<PackTake?>? Take);

/// <summary>The body of <c>POST /t/{tenant}/api/packs/{id}/rollback</c>; all optional.</summary>
public sealed record RollbackPackRequest(bool? DryRun, string? Policy, IReadOnlyList<PackTake?>? Take);

/// <summary>One conflict resolved against the policy: <paramref name="From"/> is <c>publisher</c> (the default) or <c>tenant</c>.</summary>
public sealed record PackTake(string? Component, string? Property, string? From);

/// <summary>
/// One line of an upgrade's report. <paramref name="Change"/>: <c>added</c> (a new component), <c>deprecated</c> (the
/// new version has it no more; it stays with its data), <c>restored</c> (maintained again), <c>updated</c> (the
/// publisher changed a property the tenant had not edited), <c>conflict</c> (both changed it; <paramref name="Resolution"/>
/// says whose value wins), <c>skipped</c> (the tenant deleted the component).
/// </summary>
public sealed record PackChange(
    string Kind, string Component, string? Property, string Change, JsonNode? Base, JsonNode? Tenant, JsonNode? Publisher, string? Resolution);

/// <summary>What an upgrade or rollback did (or, for a dry run, would do).</summary>
public sealed record PackUpgradeReport(string Id, string From, string To, bool DryRun, int Conflicts, IReadOnlyList<PackChange> Changes, IReadOnlyList<string> Notes);

/// <summary>How an upgrade, rollback or uninstall ended: a report, or refused like an install (<see cref="PackInstallOutcome"/>).</summary>
public sealed record PackChangeOutcome(PackUpgradeReport? Report, PackInstallOutcome? Refused, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static PackChangeOutcome Invalid(Dictionary<string, string[]> errors) => new(null, new PackInstallOutcome(null, null, 400, "Invalid request", null), errors);
}

/// <summary>One entity's records exported before an uninstall: fetch them at <c>GET /t/{tenant}/api/packs/exports/{id}</c>.</summary>
public sealed record PackExportResponse(Guid Id, string Entity, int Records);

/// <summary>What an uninstall did: the entities it deleted (soft: restorable, records kept) and the exports it wrote first.</summary>
public sealed record PackUninstallReport(string Id, string Version, IReadOnlyList<string> Entities, IReadOnlyList<PackExportResponse> Exports);

/// <summary>How an uninstall ended: done, or refused (with the record counts per entity when they were counted).</summary>
public sealed record PackUninstallOutcome(PackUninstallReport? Report, PackInstallOutcome? Refused, IReadOnlyDictionary<string, int>? Records);
