using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

/// <summary>
/// A pack's validation rules (the <c>rules</c> of its entity files): created through <see cref="RuleEditor"/> after the
/// fields they read, merged three ways on upgrade over <c>errorCondition</c>, <c>errorMessage.{culture}</c>,
/// <c>errorField</c>, <c>active</c> and <c>description</c>, and deactivated (never deleted) when a version drops them.
/// </summary>
internal sealed partial class PackInstaller
{
    private async Task<PackInstallOutcome?> CreateRulesAsync(InstallRun run, IEnumerable<(PackEntity Entity, PackRule Rule, int Index)> rules, string? previousVersion, CancellationToken cancellationToken)
    {
        foreach (var (entity, rule, index) in rules)
        {
            if (Refused(await ruleEditor.CreateAsync(entity.ApiName, RuleRequestOf(rule), run.Actor, cancellationToken), entity.File, path => Problems.Path($"rules[{index}]", path)) is { } refused)
            {
                return refused;
            }

            var entityRow = await db.MetadataEntities.AsNoTracking().FirstAsync(e => e.NormalizedApiName == MetadataApiName.Normalize(entity.ApiName) && e.DeletedAt == null, cancellationToken);
            var normalized = MetadataApiName.Normalize(rule.ApiName);
            var stored = await db.MetadataRules.AsNoTracking().FirstAsync(r => r.EntityId == entityRow.Id && r.NormalizedApiName == normalized, cancellationToken);
            run.Added(PackComponentKinds.Rule, $"{entity.ApiName}.{rule.ApiName}", stored.Id, JsonSerializer.Serialize(rule, Json), RuleMap(RuleRequestOf(rule)).ToJsonString(), previousVersion);
        }

        return null;
    }

    private static IEnumerable<(PackEntity Entity, PackRule Rule, int Index)> RulesOf(PackDefinition pack) =>
        pack.Entities.SelectMany(e => (e.Rules ?? []).Select((r, i) => (e, r, i)));

    /// <summary>Plans the pack's rules: new ones added (created after the new fields), the others merged, those the version lacks deprecated.</summary>
    private async Task PlanRulesAsync(ChangePlan plan, List<PackComponent> rows, PackDefinition? old, MergePolicy policy, CancellationToken cancellationToken)
    {
        foreach (var (entity, rule, index) in RulesOf(plan.Run!.Pack))
        {
            var name = $"{entity.ApiName}.{rule.ApiName}";
            var map = RuleMap(RuleRequestOf(rule));
            if (rows.FirstOrDefault(r => r.Kind == PackComponentKinds.Rule && r.Name == name) is not { } row)
            {
                plan.Changes.Add(new(PackComponentKinds.Rule, name, null, "added", null, null, null, MergePolicy.Publisher));
                plan.Run.Rules.Add((entity, rule, index));
                continue;
            }

            var @base = row.Base is not null ? JsonNode.Parse(row.Base)!.AsObject()
                : old is not null && RulesOf(old).FirstOrDefault(r => $"{r.Entity.ApiName}.{r.Rule.ApiName}" == name) is { Rule: { } before } ? RuleMap(RuleRequestOf(before)) : null;
            await MergeAsync(plan, row, @base, map, policy, cancellationToken);
            plan.Kept.Add((row, map, JsonSerializer.Serialize(rule, Json)));
        }
    }

    private async Task<JsonObject?> TenantRuleMapAsync(PackComponent row, CancellationToken cancellationToken) =>
        await db.MetadataRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == row.ComponentId, cancellationToken) is { } stored
        && await db.MetadataEntities.AsNoTracking().AnyAsync(e => e.Id == stored.EntityId && e.DeletedAt == null, cancellationToken)
            ? RuleMap(new RuleRequest(stored.ApiName, stored.ErrorCondition, MetadataJson.ReadTexts(stored.ErrorMessage).ToDictionary(t => t.Key, t => (string?)t.Value),
                stored.ErrorField, stored.Active, stored.Description))
            : null;

    /// <summary>The rule change that turns the tenant's values into the merged ones (a restored rule is active again unless merged otherwise).</summary>
    private async Task<PackInstallOutcome?> UpdateRuleAsync(ChangePlan plan, PackComponent row, JsonObject tenant, JsonObject merged, CancellationToken cancellationToken)
    {
        bool Differs(string key) => !PackProperties.Same(tenant[key], merged[key]);
        var messageChanged = tenant.Concat(merged).Select(p => p.Key).Where(k => k.StartsWith("errorMessage.", StringComparison.Ordinal)).Any(Differs);
        var request = new RuleRequest(
            null,
            Differs("errorCondition") ? merged["errorCondition"]?.GetValue<string>() : null,
            messageChanged ? merged.Where(p => p.Key.StartsWith("errorMessage.", StringComparison.Ordinal) && p.Value is not null)
                .ToDictionary(p => p.Key["errorMessage.".Length..], p => (string?)p.Value!.GetValue<string>()) : null,
            Differs("errorField") ? merged["errorField"]?.GetValue<string>() ?? string.Empty : null,
            Differs("active") || row.DeprecatedAt is not null ? merged["active"]?.GetValue<bool>() ?? true : null,
            Differs("description") ? merged["description"]?.GetValue<string>() ?? string.Empty : null);
        if (request is { ErrorCondition: null, ErrorMessage: null, ErrorField: null, Active: null, Description: null })
        {
            return null;
        }

        var (entity, rule) = (row.Name[..row.Name.IndexOf('.', StringComparison.Ordinal)], row.Name[(row.Name.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        return Refused(await ruleEditor.UpdateAsync(entity, rule, request, plan.Actor, cancellationToken), $"{row.Kind} {row.Name}", path => path);
    }

    /// <summary>A rule the pack no longer has stops refusing records: deactivated, kept for the tenant to delete or reactivate.</summary>
    private async Task<PackInstallOutcome?> DeactivateRulesAsync(ChangePlan plan, CancellationToken cancellationToken)
    {
        foreach (var row in plan.Deprecated.Where(r => r.Kind == PackComponentKinds.Rule && r.DeprecatedAt is null))
        {
            if (await TenantRuleMapAsync(row, cancellationToken) is null)
            {
                continue;
            }

            var (entity, rule) = (row.Name[..row.Name.IndexOf('.', StringComparison.Ordinal)], row.Name[(row.Name.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            if (Refused(await ruleEditor.UpdateAsync(entity, rule, new RuleRequest(null, null, null, null, false, null), plan.Actor, cancellationToken), $"{row.Kind} {row.Name}", path => path) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static RuleRequest RuleRequestOf(PackRule rule) => new(
        rule.ApiName, rule.ErrorCondition, rule.ErrorMessage.ToDictionary(m => m.Key, m => (string?)m.Value, StringComparer.Ordinal), rule.ErrorField, rule.Active ?? true, rule.Description);

    private static JsonObject RuleMap(RuleRequest rule)
    {
        var map = new JsonObject { ["errorCondition"] = rule.ErrorCondition?.Trim(), ["active"] = rule.Active ?? true };
        foreach (var (culture, text) in rule.ErrorMessage ?? [])
        {
            if (!string.IsNullOrEmpty(text))
            {
                map[$"errorMessage.{culture}"] = text;
            }
        }

        if (!string.IsNullOrEmpty(rule.ErrorField))
        {
            map["errorField"] = rule.ErrorField;
        }

        if (!string.IsNullOrWhiteSpace(rule.Description))
        {
            map["description"] = rule.Description.Trim();
        }

        return map;
    }
}
