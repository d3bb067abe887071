using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Saas.Platform.Packs;

/// <summary>
/// Goes back to the version before the last upgrade, from what the upgrade recorded (no catalog needed): the same
/// 3-way merge, with the upgrade's publisher values as the base and the previous version's as the target, so what the
/// tenant edited after the upgrade stays; components the upgrade added are deprecated (their data stays).
/// </summary>
internal sealed partial class PackInstaller
{
    public async Task<PackChangeOutcome> RollbackAsync(string id, RollbackPackRequest request, string actor, CancellationToken cancellationToken)
    {
        var (policy, errors) = PolicyOf(request.Policy, request.Take);
        if (errors.Count > 0)
        {
            return PackChangeOutcome.Invalid(errors);
        }

        if (await db.InstalledPacks.FirstOrDefaultAsync(p => p.PackId == id, cancellationToken) is not { } installed)
        {
            return Refuse(PackInstallOutcome.NotFound($"The pack '{id}' is not installed in this tenant."));
        }

        if (installed.PreviousVersion is not { } previous)
        {
            return Refuse(PackInstallOutcome.Conflict("Nothing to roll back",
                $"The pack '{id}' {installed.Version} has not been upgraded since it was installed or last rolled back."));
        }

        if (await DependentsRefuseAsync(id, SemVersion.TryParse(previous)!, cancellationToken) is { } refused)
        {
            return Refuse(refused);
        }

        var plan = new ChangePlan(null, actor, installed.Version, previous) { Policy = policy.Name };
        foreach (var row in await LoadRowsAsync(id, cancellationToken))
        {
            if (row.Previous is null || JsonSerializer.Deserialize<PackComponentState>(row.Previous, Json) is not { } state)
            {
                continue;
            }

            if (state.Base is null || state.Deprecated)
            {
                if (row.DeprecatedAt is null)
                {
                    plan.Changes.Add(new(row.Kind, row.Name, null, "deprecated", null, null, null, MergePolicy.Publisher));
                }

                plan.Deprecated.Add(row);
                continue;
            }

            await MergeAsync(plan, row, row.Base is null ? null : JsonNode.Parse(row.Base)!.AsObject(), state.Base, policy, cancellationToken);
            plan.Kept.Add((row, state.Base, state.Definition));
        }

        if (Unused(policy) is { Count: > 0 } unused)
        {
            return PackChangeOutcome.Invalid(unused);
        }

        var report = new PackUpgradeReport(id, installed.Version, previous, request.DryRun == true,
            plan.Changes.Count(c => c.Change == "conflict"), plan.Changes, plan.Notes);
        return request.DryRun == true ? new PackChangeOutcome(report, null) : await ApplyAsync(installed, plan, report, actor, "pack.rolledBack", cancellationToken);
    }
}
