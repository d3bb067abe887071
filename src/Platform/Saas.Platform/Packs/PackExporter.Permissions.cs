using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Security;

namespace Saas.Platform.Packs;

internal sealed partial class PackExporter
{
    /// <summary>
    /// The tenant's permission sets as <c>permissions.yaml</c>, with the roles made of them (never admin): the tenant's own
    /// sets, and those of installed packs when packs are included. A rule of an entity outside the exported pack and its
    /// dependencies, or a field the pack does not have, is left out (and said so); a set left without rules is left out.
    /// A partner's set names get the prefix.
    /// </summary>
    private async Task AddPermissionsAsync(
        SortedDictionary<string, string> files, List<string> notes, PackScope scope, HashSet<Guid> packSets, bool includePacks, string? prefix, CancellationToken cancellationToken)
    {
        var tenantId = tenants.Tenant!.Id;
        var sets = await catalogDb.PermissionSets.AsNoTracking().Where(s => s.TenantId == tenantId).OrderBy(s => s.NormalizedName).ToListAsync(cancellationToken);
        var roles = await catalogDb.RolePermissionSets.AsNoTracking().Where(r => r.TenantId == tenantId && r.Role != TenantRoles.Admin).ToListAsync(cancellationToken);
        var start = string.IsNullOrWhiteSpace(prefix) ? string.Empty : $"{prefix.Trim()}_";
        var list = new JsonArray();
        var byRole = new SortedDictionary<string, JsonArray>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in sets.Where(s => includePacks || !packSets.Contains(s.Id)))
        {
            var rules = new JsonObject();
            foreach (var (entity, rule) in PermissionRules.FromStored(set.Rules).Entities.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var packEntity = scope.Entity(entity);
                if (entity != PermissionRules.EveryEntity && packEntity is null)
                {
                    notes.Add($"permission set '{set.Name}': the rule of '{entity}' left out; the entity is not in the exported pack or its dependencies.");
                    continue;
                }

                var json = rule.ToJson();
                var fields = json["fields"]!.AsObject();
                foreach (var field in fields.Select(f => f.Key).ToList().Where(f => packEntity?.Fields.Any(x => x.ApiName == f) != true))
                {
                    notes.Add($"permission set '{set.Name}': the access to '{entity}.{field}' left out; the exported pack has no such field.");
                    fields.Remove(field);
                }

                if (fields.Count == 0)
                {
                    json.Remove("fields");
                }

                rules[entity] = json;
            }

            var name = set.Name.StartsWith(start, StringComparison.Ordinal) ? set.Name : start + set.Name;
            if (rules.Count == 0 || name.Length > 100 || !taken.Add(name))
            {
                notes.Add($"permission set '{set.Name}': left out; {(rules.Count == 0 ? "none of its rules names an exported entity" : $"'{name}' is too long or taken")}.");
                continue;
            }

            if (name != set.Name)
            {
                notes.Add($"permission set '{set.Name}': exported as '{name}' (a partner's set names start with its prefix).");
            }

            var item = new JsonObject { ["name"] = name };
            if (!string.IsNullOrWhiteSpace(set.Description))
            {
                item["description"] = set.Description;
            }

            item["rules"] = rules;
            list.Add(item);
            foreach (var role in roles.Where(r => r.PermissionSetId == set.Id).Select(r => r.Role))
            {
                (byRole.TryGetValue(role, out var names) ? names : byRole[role] = []).Add(name);
            }
        }

        if (list.Count == 0)
        {
            return;
        }

        var file = new JsonObject { ["permissionSets"] = list };
        if (byRole.Count > 0)
        {
            file["roles"] = new JsonObject(byRole.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
        }

        files[PackFiles.Permissions] = PackYaml.Write(file);
    }
}
