using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>
/// Finds the entity a lookup points to, in the current tenant only (the tenant filter sees no other), and refuses a
/// deleted one. The entity being created in the same request may be its own target.
/// </summary>
internal sealed class LookupTargets(TenantDbContext db)
{
    private (string ApiName, Guid Id)? created;

    public void IncludeCreated(string apiName, Guid id) => created = (apiName, id);

    public async Task<(string ApiName, Guid Id)?> ResolveAsync(string apiName, string path, Problems problems, CancellationToken cancellationToken)
    {
        var normalized = MetadataApiName.Normalize(apiName);
        if (created is { } self && MetadataApiName.Normalize(self.ApiName) == normalized)
        {
            return self;
        }

        var target = await db.MetadataEntities.AsNoTracking()
            .Where(e => e.NormalizedApiName == normalized)
            .Select(e => new { e.ApiName, e.Id, e.DeletedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            problems.Add(path, $"There is no entity '{apiName}' in this tenant.");
            return null;
        }

        if (target.DeletedAt is not null)
        {
            problems.Add(path, $"The entity '{target.ApiName}' is deleted; restore it first.");
            return null;
        }

        return (target.ApiName, target.Id);
    }
}
