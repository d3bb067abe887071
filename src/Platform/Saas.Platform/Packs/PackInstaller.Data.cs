using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using UUIDNext;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

internal sealed partial class PackInstaller
{
    /// <summary>Each CSV row becomes a record through the record service, so it is validated, indexed and has history like any other.</summary>
    private Task<PackInstallOutcome?> CreateSampleDataAsync(InstallRun run, CancellationToken cancellationToken) => CreateSampleDataAsync(run, null, cancellationToken);

    /// <summary>
    /// The rows of the pack's CSV files but those named in <paramref name="existing"/> (<c>entity:key</c>, the rows an
    /// upgrade finds in the tenant already); a lookup to a row the tenant no longer has is left empty.
    /// </summary>
    private async Task<PackInstallOutcome?> CreateSampleDataAsync(InstallRun run, HashSet<string>? existing, CancellationToken cancellationToken)
    {
        var actor = new RecordActor(run.Actor, caller.Caller?.UserId);
        foreach (var table in PackSampleData.Order(run.Pack) ?? [])
        {
            var entity = run.Pack.Entities.Single(e => e.ApiName == table.Entity);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var key = PackSampleData.KeyOf(row, r);
                if (existing?.Contains($"{table.Entity}:{key}") == true)
                {
                    continue;
                }

                var values = new JsonObject();
                foreach (var (column, text) in row)
                {
                    if (entity.Fields.FirstOrDefault(f => f.ApiName == column) is not { } field)
                    {
                        continue;
                    }

                    if (field.Type != Lookup)
                    {
                        values[column] = PackSampleData.Convert(field, text, run.Scope.Picklist(field.Picklist)).Value;
                    }
                    else if (run.Keys.TryGetValue((field.Target!, text), out var target))
                    {
                        values[column] = target.ToString();
                    }
                }

                var created = await records.CreateAsync(table.Entity, values, actor, cancellationToken);
                if (created.Status != RecordStatus.Created)
                {
                    var at = $"rows[{r}] (line {r + 2})";
                    IReadOnlyList<PackProblem> problems = created.Errors is { } errors
                        ? [.. errors.SelectMany(e => e.Value.Select(m => new PackProblem(table.File, $"{at}.{e.Key}", m)))]
                        : [new PackProblem(table.File, at, created.Detail ?? created.Title ?? created.Status.ToString())];
                    return PackInstallOutcome.Invalid(problems, "A row of sample data was refused; nothing was installed.");
                }

                // Saved already: without this, every later save would scan every row written so far (a few hundred records).
                db.ChangeTracker.Clear();
                run.Keys[(table.Entity, key)] = created.Value!.Id;
                run.Components.Add(run.Component(PackComponentKinds.Record, $"{table.Entity}:{key}", created.Value.Id, null));
            }
        }

        return null;
    }

    /// <summary>The sets are checked against the metadata as it now is, and their names against the tenant's sets.</summary>
    private Task<PackInstallOutcome?> PreparePermissionSetsAsync(InstallRun run, CancellationToken cancellationToken) =>
        PreparePermissionSetsAsync(run, Enumerable.Range(0, run.Pack.PermissionSets.Count), null, cancellationToken);

    /// <summary>The sets at <paramref name="indexes"/> of the pack; an upgrade (from <paramref name="previousVersion"/>) prepares those it adds.</summary>
    private async Task<PackInstallOutcome?> PreparePermissionSetsAsync(InstallRun run, IEnumerable<int> indexes, string? previousVersion, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var tenantId = tenants.Tenant!.Id;
        var problems = new List<PackProblem>();
        foreach (var i in indexes)
        {
            var set = run.Pack.PermissionSets[i];
            var found = new Problems();
            var rules = PermissionRules.Parse(set.Rules, snapshot, found, $"permissionSets[{i}].rules");
            problems.AddRange(found.ToDictionary().SelectMany(p => p.Value.Select(m => new PackProblem(PackFiles.Permissions, p.Key, m))));
            var normalized = set.Name.ToUpperInvariant();
            if (await catalog.PermissionSets.AnyAsync(s => s.TenantId == tenantId && s.NormalizedName == normalized, cancellationToken))
            {
                problems.Add(new(PackFiles.Permissions, $"permissionSets[{i}].name", $"The tenant has a permission set named '{set.Name}' already."));
                continue;
            }

            var stored = new PermissionSet
            {
                Id = Uuid.NewSequential(), TenantId = tenantId, Name = set.Name, NormalizedName = normalized, Description = set.Description,
                Rules = rules.ToJson().ToJsonString(), CreatedAt = run.Now, ModifiedAt = run.Now,
            };
            var roles = run.Pack.Roles.Where(r => r.Value.Contains(set.Name, StringComparer.Ordinal)).Select(r => r.Key).ToList();
            run.Sets.Add((stored, roles));
            var component = run.Component(PackComponentKinds.PermissionSet, set.Name, stored.Id, set.Rules.ToJsonString());
            component.Base = SetMap(run.Pack, set).ToJsonString();
            if (previousVersion is not null)
            {
                component.Previous = System.Text.Json.JsonSerializer.Serialize(new PackComponentState(previousVersion, null, false, null), Json);
            }

            run.Components.Add(component);
            await audit.RecordAsync(run.Actor, "permissionset.created", stored.Id.ToString(), $"{set.Name} (pack {run.Pack.Id}); roles {string.Join(", ", roles)}", cancellationToken);
        }

        return problems.Count == 0 ? null : PackInstallOutcome.Invalid(problems, "The pack's permission sets do not fit the tenant; nothing was installed.");
    }

    /// <summary>In the catalog database, after the tenant's transaction committed: every check ran before it.</summary>
    private async Task WritePermissionSetsAsync(InstallRun run, CancellationToken cancellationToken)
    {
        if (run.Sets.Count == 0)
        {
            return;
        }

        AddPermissionSets(run.Sets);
        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stages new sets and the roles made of them in the catalog context; the caller saves.</summary>
    private void AddPermissionSets(IReadOnlyList<(PermissionSet Set, IReadOnlyList<string> Roles)> sets)
    {
        catalog.PermissionSets.AddRange(sets.Select(s => s.Set));
        catalog.RolePermissionSets.AddRange(sets.SelectMany(s => s.Roles.Select(role =>
            new RolePermissionSet { TenantId = s.Set.TenantId, Role = role, PermissionSetId = s.Set.Id })));
    }
}
