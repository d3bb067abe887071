using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's permission sets on upgrade and rollback. A set merges three ways per property: <c>description</c>, one
/// <c>rules.{entity}</c> per entity (so a tenant's edit of one entity's rule does not hold back the publisher's change of
/// another's) and one <c>roles.{role}</c> per role made of the set. Sets live in the catalog database: every check runs
/// inside the tenant's transaction and the catalog is written only after it commits, so a refused upgrade leaves both
/// databases as they were.
/// </summary>
internal sealed partial class PackInstaller
{
    private const string RulesPrefix = "rules.";
    private const string RolesPrefix = "roles.";

    /// <summary>Plans the pack's sets: new ones added, the others merged; those the version lacks are deprecated and left in place.</summary>
    private async Task PlanPermissionSetsAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        var pack = plan.Run!.Pack;
        for (var i = 0; i < pack.PermissionSets.Count; i++)
        {
            var set = pack.PermissionSets[i];
            var map = SetMap(pack, set);
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.PermissionSet && r.Name == set.Name) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.PermissionSet, set.Name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.AddedSets.Add(i);
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old?.PermissionSets.FirstOrDefault(s => s.Name == set.Name) is { } before ? SetMap(old, before)
                : row.Definition is not null ? SetMap(null, JsonNode.Parse(row.Definition)!.AsObject(), []) : null;

            // Installed before sets kept a base: the row gets it now, so the state a rollback restores has one.
            row.Base ??= @base?.ToJsonString();
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, set.Rules.ToJsonString()));
        }
    }

    /// <summary>The publisher's values of a set: its description, its rule per entity and the roles of the pack made of it.</summary>
    private static JsonObject SetMap(PackDefinition pack, PackPermissionSet set) =>
        SetMap(set.Description, set.Rules, pack.Roles.Where(r => r.Value.Contains(set.Name, StringComparer.Ordinal)).Select(r => r.Key));

    private static JsonObject SetMap(string? description, JsonObject rules, IEnumerable<string> roles)
    {
        var map = new JsonObject();
        if (!string.IsNullOrWhiteSpace(description))
        {
            map["description"] = description.Trim();
        }

        foreach (var (entity, rule) in PermissionRules.FromStored(rules.ToJsonString()).Entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            map[RulesPrefix + entity] = rule.ToJson();
        }

        foreach (var role in roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            map[RolesPrefix + role] = true;
        }

        return map;
    }

    /// <summary>The tenant's set as it now is (catalog database); null when the tenant deleted it.</summary>
    private async Task<JsonObject?> TenantPermissionSetMapAsync(PackComponent row, CancellationToken cancellationToken)
    {
        var tenantId = tenants.Tenant!.Id;
        if (await catalog.PermissionSets.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == row.ComponentId, cancellationToken) is not { } set)
        {
            return null;
        }

        var roles = await catalog.RolePermissionSets.AsNoTracking().Where(r => r.TenantId == tenantId && r.PermissionSetId == set.Id).Select(r => r.Role).ToListAsync(cancellationToken);
        return SetMap(set.Description, JsonNode.Parse(set.Rules) as JsonObject ?? [], roles);
    }

    /// <summary>
    /// Checks the merged set against the metadata as the upgrade leaves it (the rules that change only: a rule the tenant
    /// kept stays as it is) and queues it for the catalog, written after the tenant's transaction commits.
    /// </summary>
    private async Task<PackInstallOutcome?> UpdatePermissionSetAsync(ChangePlan plan, PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        if (PackProperties.Same(tenant, merged))
        {
            return null;
        }

        var changed = new JsonObject(merged.Where(p => p.Key.StartsWith(RulesPrefix, StringComparison.Ordinal) && !PackProperties.Same(tenant[p.Key], p.Value))
            .Select(p => KeyValuePair.Create(p.Key[RulesPrefix.Length..], p.Value?.DeepClone())));
        var found = new Problems();
        PermissionRules.Parse(changed, await metadata.GetSnapshotAsync(cancellationToken), found, row.Name);
        if (found.Any)
        {
            return PackInstallOutcome.Invalid([.. found.ToDictionary().SelectMany(p => p.Value.Select(m => new PackProblem(PackFiles.Permissions, p.Key, m)))],
                $"The permission set '{row.Name}' as merged does not fit the tenant's entities.");
        }

        var rules = new JsonObject(merged.Where(p => p.Key.StartsWith(RulesPrefix, StringComparison.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key[RulesPrefix.Length..], p.Value?.DeepClone())));
        var roles = merged.Where(p => p.Key.StartsWith(RolesPrefix, StringComparison.Ordinal) && p.Value is not null).Select(p => p.Key[RolesPrefix.Length..]).ToList();
        plan.SetUpdates.Add(new(row.ComponentId, merged["description"]?.GetValue<string>(), PermissionRules.FromStored(rules.ToJsonString()).ToJson().ToJsonString(), roles));
        await audit.RecordAsync(plan.Actor, "permissionset.updated", row.ComponentId.ToString(),
            $"{row.Name} (pack {row.PackId} {plan.From} to {plan.To}); roles {string.Join(", ", roles)}", cancellationToken);
        return null;
    }

    /// <summary>
    /// In the catalog database, after the tenant's transaction committed (every check ran before it), in one transaction
    /// of its own: the sets the version adds with their roles, and the merged sets with theirs.
    /// </summary>
    private async Task WritePermissionSetChangesAsync(ChangePlan plan, CancellationToken cancellationToken)
    {
        var added = plan.Run?.Sets ?? [];
        if (added.Count == 0 && plan.SetUpdates.Count == 0)
        {
            return;
        }

        var tenantId = tenants.Tenant!.Id;
        await using var transaction = await catalog.Database.BeginTransactionAsync(cancellationToken);
        AddPermissionSets(added);
        foreach (var update in plan.SetUpdates)
        {
            if (await catalog.PermissionSets.FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == update.Id, cancellationToken) is not { } set)
            {
                continue;
            }

            set.Description = update.Description;
            set.Rules = update.Rules;
            set.ModifiedAt = clock.GetUtcNow();
            await catalog.RolePermissionSets.Where(r => r.TenantId == tenantId && r.PermissionSetId == update.Id).ExecuteDeleteAsync(cancellationToken);
            catalog.RolePermissionSets.AddRange(update.Roles.Select(role => new RolePermissionSet { TenantId = tenantId, Role = role, PermissionSetId = update.Id }));
        }

        await catalog.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A merged set to write to the catalog: its description, rules (stored form) and the roles made of it.</summary>
    private sealed record PermissionSetUpdate(Guid Id, string? Description, string Rules, IReadOnlyList<string> Roles);
}
