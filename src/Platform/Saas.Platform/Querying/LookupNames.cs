using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Querying;

/// <summary>The names of a lookup's target records, only those the caller may read (their entity, in their scope); the others stay nameless.</summary>
internal static class LookupNames
{
    public static async Task<Dictionary<Guid, string?>> OfAsync(
        TenantDbContext db, CallerAccess access, MetadataSnapshot snapshot, FieldDefinition field, List<Guid> ids, CancellationToken cancellationToken)
    {
        var target = field.Settings is LookupSettings lookup ? snapshot.FindEntity(lookup.TargetEntity) : null;
        var permission = target is null ? null : await access.PermissionAsync(target, cancellationToken);
        if (permission is null || permission.Read == RecordScope.None || permission.NameHidden)
        {
            return [];
        }

        var records = db.Records.AsNoTracking().Where(r => ids.Contains(r.Id) && r.DeletedAt == null);
        if (await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken) is { } readable)
        {
            records = records.Where(readable);
        }

        return await records.Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
    }
}
