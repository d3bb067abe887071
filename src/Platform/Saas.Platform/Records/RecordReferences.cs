using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>The checks of a write that read the database: lookups, owners and unique values.</summary>
internal sealed class RecordReferences(TenantDbContext db, CatalogDbContext catalog, ITenantAccessor tenants)
{
    /// <summary>
    /// A lookup names a live record of its target entity. The tenant filter hides other tenants' records, so another
    /// tenant's record id is simply not found.
    /// </summary>
    public async Task CheckLookupsAsync(MetadataSnapshot snapshot, EntityDefinition entity, Dictionary<Guid, JsonNode?> values, Problems problems, CancellationToken cancellationToken)
    {
        foreach (var field in entity.Fields.Where(f => f.Type == Lookup && values.GetValueOrDefault(f.Id) is not null))
        {
            var id = Guid.Parse(values[field.Id]!.GetValue<string>());
            var targetName = field.GetSettings<LookupSettings>().TargetEntity;
            if (snapshot.FindEntity(targetName) is not { } target)
            {
                problems.Add(field.ApiName, $"{field.ApiName} points to the entity '{targetName}', which does not exist any more.");
            }
            else if (!await db.Records.AnyAsync(r => r.Id == id && r.EntityId == target.Id && r.DeletedAt == null, cancellationToken))
            {
                problems.Add(field.ApiName, $"{field.ApiName}: there is no {target.ApiName} record {id}.");
            }
        }
    }

    /// <summary>Owner fields and the record's owner name members of the current tenant.</summary>
    public async Task CheckOwnersAsync(EntityDefinition entity, Dictionary<Guid, JsonNode?> values, Guid? owner, Problems problems, CancellationToken cancellationToken)
    {
        var named = entity.Fields
            .Where(f => f.Type == Owner && values.GetValueOrDefault(f.Id) is not null)
            .Select(f => (Path: f.ApiName, User: Guid.Parse(values[f.Id]!.GetValue<string>())))
            .ToList();
        if (owner is { } ownerId)
        {
            named.Add((RecordValidator.OwnerField, ownerId));
        }

        if (named.Count == 0)
        {
            return;
        }

        var tenantId = tenants.Tenant!.Id;
        var users = named.Select(n => n.User).Distinct().ToList();
        var members = await catalog.Memberships.AsNoTracking()
            .Where(m => m.TenantId == tenantId && users.Contains(m.UserId))
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        foreach (var (path, user) in named.Where(n => !members.Contains(n.User)))
        {
            problems.Add(path, $"{path}: user {user} is not a member of this tenant.");
        }
    }

    /// <summary>A first check with a clear message; the unique table's key is what holds under concurrent writes.</summary>
    public async Task CheckUniqueAsync(EntityDefinition entity, Dictionary<Guid, JsonNode?> values, Guid? recordId, Problems problems, CancellationToken cancellationToken)
    {
        foreach (var field in entity.Fields.Where(f => f.Unique && f.Type != AutoNumber && values.GetValueOrDefault(f.Id) is not null))
        {
            var key = RecordIndex.UniqueKey(field, values[field.Id]!);
            var holder = await db.RecordUniques.AsNoTracking()
                .Where(u => u.FieldId == field.Id && u.NormalizedValue == key && u.RecordId != recordId)
                .Select(u => (Guid?)u.RecordId)
                .FirstOrDefaultAsync(cancellationToken);
            if (holder is { } other)
            {
                problems.Add(field.ApiName, $"{field.ApiName} must be unique: record {other} already has this value.");
            }
        }
    }
}
