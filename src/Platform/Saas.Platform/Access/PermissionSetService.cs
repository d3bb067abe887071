using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Access;

/// <summary>A tenant's permission sets, validated against its metadata; every change is audited.</summary>
internal sealed class PermissionSetService(CatalogDbContext catalog, IMetadataService metadata, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PermissionSetResponse>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var sets = await catalog.PermissionSets.AsNoTracking().Where(s => s.TenantId == tenantId).OrderBy(s => s.NormalizedName).ToListAsync(cancellationToken);
        var roles = await RolesOfAsync(tenantId, cancellationToken);
        return [.. sets.Select(s => ToResponse(s, roles))];
    }

    public async Task<PermissionSetResponse?> FindAsync(Guid tenantId, Guid setId, CancellationToken cancellationToken)
    {
        var set = await catalog.PermissionSets.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == setId, cancellationToken);
        return set is null ? null : ToResponse(set, await RolesOfAsync(tenantId, cancellationToken));
    }

    public async Task<Outcome<PermissionSetResponse>> CreateAsync(Guid tenantId, PermissionSetRequest request, string actor, CancellationToken cancellationToken)
    {
        var (errors, rules) = await ValidateAsync(request, cancellationToken);
        if (errors is not null)
        {
            return new Outcome<PermissionSetResponse>(null, errors);
        }

        var name = request.Name!.Trim();
        if (await NameTakenAsync(tenantId, name, null, cancellationToken))
        {
            return new Outcome<PermissionSetResponse>(null, Conflict: $"There is already a permission set named '{name}'.");
        }

        var now = clock.GetUtcNow();
        var set = new PermissionSet
        {
            Id = Uuid.NewSequential(), TenantId = tenantId, Name = name, NormalizedName = name.ToUpperInvariant(),
            Description = request.Description?.Trim(), Rules = rules!.ToJson().ToJsonString(), CreatedAt = now, ModifiedAt = now,
        };
        catalog.PermissionSets.Add(set);
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "permissionset.created", set.Id.ToString(), set.Name, cancellationToken);
        return new Outcome<PermissionSetResponse>(ToResponse(set, new Dictionary<Guid, List<string>>()));
    }

    public async Task<Outcome<PermissionSetResponse>> UpdateAsync(Guid tenantId, Guid setId, PermissionSetRequest request, string actor, CancellationToken cancellationToken)
    {
        var set = await catalog.PermissionSets.FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == setId, cancellationToken);
        if (set is null)
        {
            return new Outcome<PermissionSetResponse>(null);
        }

        var (errors, rules) = await ValidateAsync(request, cancellationToken);
        if (errors is not null)
        {
            return new Outcome<PermissionSetResponse>(null, errors);
        }

        var name = request.Name!.Trim();
        if (await NameTakenAsync(tenantId, name, setId, cancellationToken))
        {
            return new Outcome<PermissionSetResponse>(null, Conflict: $"There is already a permission set named '{name}'.");
        }

        set.Name = name;
        set.NormalizedName = name.ToUpperInvariant();
        set.Description = request.Description?.Trim();
        set.Rules = rules!.ToJson().ToJsonString();
        set.ModifiedAt = clock.GetUtcNow();
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "permissionset.updated", set.Id.ToString(), set.Name, cancellationToken);
        return new Outcome<PermissionSetResponse>(await FindAsync(tenantId, setId, cancellationToken));
    }

    /// <summary>A role left without sets goes back to its defaults.</summary>
    public async Task<bool> DeleteAsync(Guid tenantId, Guid setId, string actor, CancellationToken cancellationToken)
    {
        await catalog.RolePermissionSets.Where(r => r.TenantId == tenantId && r.PermissionSetId == setId).ExecuteDeleteAsync(cancellationToken);
        var deleted = await catalog.PermissionSets.Where(s => s.TenantId == tenantId && s.Id == setId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.RecordAsync(actor, "permissionset.deleted", setId.ToString(), null, cancellationToken);
        }

        return deleted;
    }

    /// <summary>Every field of a set is replaced, so a PUT body is checked as a whole, like a new set's.</summary>
    private async Task<(Dictionary<string, string[]>? Errors, PermissionRules? Rules)> ValidateAsync(PermissionSetRequest request, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            problems.Add("name", "A name of 1 to 100 characters is required.");
        }

        if (request.Description is { Length: > 1000 })
        {
            problems.Add("description", "The description must be at most 1000 characters long.");
        }

        PermissionRules? rules = null;
        if (request.Rules is null)
        {
            problems.Add("rules", "Rules are required: an object of entity api names (or *) to rules.");
        }
        else
        {
            rules = PermissionRules.Parse(request.Rules, await metadata.GetSnapshotAsync(cancellationToken), problems, "rules");
        }

        return problems.Any ? (problems.ToDictionary(), null) : (null, rules);
    }

    private Task<bool> NameTakenAsync(Guid tenantId, string name, Guid? exceptSet, CancellationToken cancellationToken)
    {
        var normalized = name.ToUpperInvariant();
        return catalog.PermissionSets.AnyAsync(s => s.TenantId == tenantId && s.NormalizedName == normalized && s.Id != exceptSet, cancellationToken);
    }

    private async Task<Dictionary<Guid, List<string>>> RolesOfAsync(Guid tenantId, CancellationToken cancellationToken) =>
        (await catalog.RolePermissionSets.AsNoTracking().Where(r => r.TenantId == tenantId).ToListAsync(cancellationToken))
            .GroupBy(r => r.PermissionSetId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Role).Order(StringComparer.Ordinal).ToList());

    private static PermissionSetResponse ToResponse(PermissionSet set, IReadOnlyDictionary<Guid, List<string>> roles) =>
        new(set.Id, set.Name, set.Description, PermissionRules.FromStored(set.Rules).ToJson(), roles.GetValueOrDefault(set.Id) ?? [], set.CreatedAt, set.ModifiedAt);
}
