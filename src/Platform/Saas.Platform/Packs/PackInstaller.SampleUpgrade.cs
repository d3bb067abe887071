using Microsoft.EntityFrameworkCore;

namespace Saas.Platform.Packs;

/// <summary>
/// Sample data on upgrade, for a tenant that installed the pack with it: the rows a new version adds (keys its CSV files
/// did not have) are created; the rows the tenant has, or had and deleted, are the tenant's data now and never touched.
/// </summary>
internal sealed partial class PackInstaller
{
    private async Task PlanSampleDataAsync(ChangePlan plan, InstalledPack installed, CancellationToken cancellationToken)
    {
        if (!installed.SampleData || plan.Run is not { } run)
        {
            return;
        }

        var rows = await db.PackComponents.AsNoTracking().Where(c => c.PackId == installed.PackId && c.Kind == PackComponentKinds.Record)
            .Select(c => new { c.Name, c.ComponentId }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.ComponentId).ToList();
        var live = (await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id) && r.DeletedAt == null).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var row in rows.Where(r => live.Contains(r.ComponentId)))
        {
            var colon = row.Name.IndexOf(':', StringComparison.Ordinal);
            run.Keys[(row.Name[..colon], row.Name[(colon + 1)..])] = row.ComponentId;
        }

        plan.SampleRows = rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var added = run.Pack.SampleData.Sum(t => t.Rows.Select((row, r) => $"{t.Entity}:{PackSampleData.KeyOf(row, r)}").Count(n => !plan.SampleRows.Contains(n)));
        plan.Notes.Add($"added {added} sample records");
    }

    /// <summary>Creates the new version's new sample rows (after its new entities, fields and rules; before its new workflows).</summary>
    private async Task<PackInstallOutcome?> AddSampleDataAsync(ChangePlan plan, CancellationToken cancellationToken) =>
        plan is { Run: { } run, SampleRows: { } existing } ? await CreateSampleDataAsync(run, existing, cancellationToken) : null;
}
