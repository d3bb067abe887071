using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Access;

/// <summary>The answer of <c>GET /api/access/explain</c>: the decision, the effective permission, and why, in plain words.</summary>
public sealed record AccessExplanation(
    string Decision,
    string User,
    string Role,
    string Entity,
    IReadOnlyDictionary<string, string> Actions,
    bool? RecordInScope,
    string? FieldAccess,
    IReadOnlyList<string> Reasons);

/// <summary>What an admin asks: whose access (a member, or an API key by id or name), to which entity, and optionally which record and field.</summary>
public sealed record ExplainQuery(string? User, string? Key, string Entity, Guid? Record, string? Field);

/// <summary>
/// Explains a member's access with the same resolver the services enforce with, so the explanation cannot drift from
/// the behaviour. The decision is "allowed" when the member or key can read the entity, the record (if named) and the
/// field (if named). A key owns nothing and is in no team: it reads at any scope as all, and updates and deletes only at all.
/// </summary>
internal sealed class AccessExplainer(CatalogDbContext catalog, TenantDbContext db, IMetadataService metadata, AccessResolver resolver)
{
    public async Task<Outcome<AccessExplanation>> ExplainAsync(Guid tenantId, ExplainQuery query, CancellationToken cancellationToken)
    {
        var member = query.User is { } user ? await MemberAsync(tenantId, user, cancellationToken) : await KeyAsync(tenantId, query.Key!, cancellationToken);
        if (member is null)
        {
            return query.User is not null
                ? Outcome.Invalid<AccessExplanation>("user", $"'{query.User}' is not a member of this tenant (give a user id or an email).")
                : Outcome.Invalid<AccessExplanation>("key", $"'{query.Key}' is not a live API key of this tenant (give its id or name).");
        }

        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(query.Entity) is not { } entity)
        {
            return Outcome.Invalid<AccessExplanation>("entity", $"There is no entity '{query.Entity}'.");
        }

        var field = query.Field is null ? null : entity.FindField(query.Field);
        if (query.Field is not null && field is null)
        {
            return Outcome.Invalid<AccessExplanation>("field", $"The entity '{entity.ApiName}' has no field '{query.Field}'.");
        }

        var permission = await resolver.PermissionAsync(tenantId, member.Role, entity, cancellationToken);
        var (read, update, delete) = member.IsKey
            ? (AtAnyScope(permission.Read), OnlyAll(permission.Update), OnlyAll(permission.Delete))
            : (permission.Read, permission.Update, permission.Delete);
        var reasons = new List<string>();
        if (member.IsKey)
        {
            reasons.Add($"API key {member.Email} acts with role {member.Role}; a key owns no records and is in no team, so it reads at any scope as all and updates or deletes only where the role reaches all records.");
        }

        await RoleReasonsAsync(tenantId, member.Role, entity, reasons, cancellationToken);
        bool? inScope = query.Record is { } recordId ? await RecordReasonAsync(tenantId, member, permission.Entity, read, recordId, reasons, cancellationToken) : null;
        var fieldAccess = field is null ? (FieldAccess?)null : FieldReason(permission, field, reasons);
        var allowed = read != RecordScope.None && inScope != false && fieldAccess != FieldAccess.None;
        var actions = new Dictionary<string, string>
        {
            ["create"] = permission.Create ? "yes" : "no",
            ["read"] = AccessWords.Of(read),
            ["update"] = AccessWords.Of(update),
            ["delete"] = AccessWords.Of(delete),
            ["export"] = permission.Export ? "yes" : "no",
        };
        return new Outcome<AccessExplanation>(new AccessExplanation(
            allowed ? "allowed" : "denied", member.Email, member.Role, entity.ApiName, actions, inScope,
            fieldAccess is { } access ? AccessWords.Of(access) : null, reasons));
    }

    private async Task RoleReasonsAsync(Guid tenantId, string role, EntityDefinition entity, List<string> reasons, CancellationToken cancellationToken)
    {
        foreach (var rules in await resolver.RulesOfAsync(tenantId, role, cancellationToken))
        {
            var uses = role == TenantRoles.Admin ? $"Role {role} has {rules.Source}" : $"Role {role} uses {rules.Source}";
            reasons.Add(rules.Rules.For(entity.ApiName) is { } rule
                ? $"{uses}: {Describe(rule)} {entity.ApiName} records."
                : $"{uses}, which has no rule for {entity.ApiName} nor for every entity (*): it grants nothing on them.");
        }
    }

    private async Task<bool> RecordReasonAsync(
        Guid tenantId, Member member, EntityDefinition entity, RecordScope scope, Guid recordId, List<string> reasons, CancellationToken cancellationToken)
    {
        var record = await db.Records.AsNoTracking().Where(r => r.Id == recordId && r.EntityId == entity.Id)
            .Select(r => new { r.OwnerId, r.DeletedAt }).FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            reasons.Add($"Record {recordId} does not exist in {entity.ApiName}.");
            return false;
        }

        var owner = record.OwnerId is { } ownerId ? await catalog.Users.Where(u => u.Id == ownerId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? ownerId.ToString() : null;
        var owned = owner is null ? $"Record {recordId} has no owner" : $"Record {recordId} is owned by {owner}";
        var inBin = record.DeletedAt is null ? string.Empty : " (it is in the recycle bin)";
        if (scope == RecordScope.None)
        {
            reasons.Add($"{owned}{inBin}: {member.Email} may not read {entity.ApiName} records at all.");
            return false;
        }

        if (scope == RecordScope.All)
        {
            reasons.Add($"{owned}{inBin}: in scope, {member.Email} reads all {entity.ApiName} records.");
            return true;
        }

        if (!member.IsKey && record.OwnerId == member.UserId)
        {
            reasons.Add($"{owned}{inBin}: in {member.Email}'s own scope.");
            return true;
        }

        if (scope == RecordScope.Team && !member.IsKey && record.OwnerId is { } other && await SharedTeamsAsync(tenantId, member.UserId!.Value, other, cancellationToken) is { Count: > 0 } teams)
        {
            reasons.Add($"{owned}, who is in team {string.Join(", ", teams)} with {member.Email}{inBin}: in {member.Email}'s team scope.");
            return true;
        }

        reasons.Add(scope == RecordScope.Team
            ? $"{owned}, who is in no team with {member.Email}{inBin}: outside {member.Email}'s team scope."
            : $"{owned}{inBin}: outside {member.Email}'s own scope, which reaches only records they own.");
        return false;
    }

    private static FieldAccess FieldReason(EntityPermission permission, FieldDefinition field, List<string> reasons)
    {
        foreach (var grant in permission.Grants)
        {
            var access = grant.Rule.AccessTo(field.ApiName);
            var how = grant.Rule.Fields.ContainsKey(field.ApiName) ? $"listed as {AccessWords.Of(access)}" : $"not listed and otherFields is {AccessWords.Of(access)}";
            reasons.Add($"Field {field.ApiName} in {grant.Source}: {how}.");
        }

        var effective = permission.AccessTo(field.ApiName);
        reasons.Add($"Field {field.ApiName}: {(effective switch { FieldAccess.Edit => "readable and editable", FieldAccess.Read => "read only", _ => "hidden" })}.");
        return effective;
    }

    private static string Describe(EntityRule rule)
    {
        var parts = new List<string>();
        if (rule.Create)
        {
            parts.Add("create");
        }

        parts.AddRange(new[] { ("read", rule.Read), ("update", rule.Update), ("delete", rule.Delete) }
            .Where(a => a.Item2 != RecordScope.None).Select(a => $"{a.Item1} {AccessWords.Of(a.Item2)}"));
        if (rule.Export)
        {
            parts.Add("export");
        }

        return parts.Count == 0 ? "nothing on" : string.Join(", ", parts);
    }

    private async Task<List<string>> SharedTeamsAsync(Guid tenantId, Guid me, Guid other, CancellationToken cancellationToken) =>
        await (
            from mine in catalog.TeamMembers.AsNoTracking()
            join theirs in catalog.TeamMembers.AsNoTracking() on mine.TeamId equals theirs.TeamId
            join team in catalog.Teams.AsNoTracking() on mine.TeamId equals team.Id
            where mine.UserId == me && theirs.UserId == other && team.TenantId == tenantId
            orderby team.Name
            select team.Name).ToListAsync(cancellationToken);

    private async Task<Member?> MemberAsync(Guid tenantId, string user, CancellationToken cancellationToken)
    {
        var normalized = user.Trim().ToUpperInvariant();
        var byId = Guid.TryParse(user, out var id) ? id : (Guid?)null;
        return await (
            from membership in catalog.Memberships.AsNoTracking()
            join person in catalog.Users.AsNoTracking() on membership.UserId equals person.Id
            where membership.TenantId == tenantId && (person.Id == byId || person.NormalizedEmail == normalized)
            select new Member(person.Id, person.Email!, membership.Role)).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<Member?> KeyAsync(Guid tenantId, string key, CancellationToken cancellationToken)
    {
        var byId = Guid.TryParse(key, out var id) ? id : (Guid?)null;
        var name = key.Trim();
        return await catalog.ApiKeys.AsNoTracking()
            .Where(k => k.TenantId == tenantId && k.RevokedAt == null && (k.Id == byId || k.Name == name))
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new Member(null, k.Name, k.Role)).FirstOrDefaultAsync(cancellationToken);
    }

    private static RecordScope AtAnyScope(RecordScope scope) => scope == RecordScope.None ? RecordScope.None : RecordScope.All;

    private static RecordScope OnlyAll(RecordScope scope) => scope == RecordScope.All ? RecordScope.All : RecordScope.None;

    /// <summary>A member (with their user id and email) or an API key (no user id; its name stands in the email's place).</summary>
    private sealed record Member(Guid? UserId, string Email, string Role)
    {
        public bool IsKey => UserId is null;
    }
}
