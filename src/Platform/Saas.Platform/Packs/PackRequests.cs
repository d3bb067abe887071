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
    IReadOnlyList<PackComponentResponse>? Components = null);

/// <summary>One component a pack installed: its kind (entity, field, permissionSet, record), name and id.</summary>
public sealed record PackComponentResponse(string Kind, string Name, Guid Id);

/// <summary>How an install ended: installed, or refused with the problems (file, path, reason), or not found, or in conflict.</summary>
public sealed record PackInstallOutcome(InstalledPackResponse? Installed, IReadOnlyList<PackProblem>? Problems, int Status, string? Title, string? Detail)
{
    public static PackInstallOutcome Invalid(IReadOnlyList<PackProblem> problems, string? detail = null) => new(null, problems, 400, "The pack cannot be installed", detail);

    public static PackInstallOutcome NotFound(string detail) => new(null, null, 404, "Pack not found", detail);

    public static PackInstallOutcome Conflict(string title, string detail) => new(null, null, 409, title, detail);
}
