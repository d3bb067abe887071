using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Ui.Session;

namespace Saas.Platform.Ui.Work;

/// <summary>
/// What the member may do with an entity, from the same resolver the record service enforces, so a page offers only
/// the actions the service would accept (the service still checks each write).
/// </summary>
public sealed record PagePermissions(bool Create, bool Update, IReadOnlySet<string> EditableFields)
{
    public static readonly PagePermissions None = new(false, false, new HashSet<string>(StringComparer.Ordinal));

    public bool CanEdit(string field) => Update && EditableFields.Contains(field);

    /// <summary>The entities whose records the member may read, in the order given: navigation offers no others.</summary>
    public static Task<List<EntityDefinition>> ReadableAsync(TenantWork work, IEnumerable<EntityDefinition> entities)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.RunAsync(async services =>
        {
            var access = services.GetRequiredService<CallerAccess>();
            var readable = new List<EntityDefinition>();
            foreach (var entity in entities)
            {
                if ((await access.PermissionAsync(entity, CancellationToken.None)).Read != RecordScope.None)
                {
                    readable.Add(entity);
                }
            }

            return readable;
        });
    }

    public static Task<PagePermissions> OfAsync(TenantWork work, EntityDefinition entity)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(entity);
        return work.RunAsync(async services =>
        {
            var permission = await services.GetRequiredService<CallerAccess>().PermissionAsync(entity, CancellationToken.None);
            return new PagePermissions(
                permission.Create,
                permission.Update != RecordScope.None,
                entity.Fields.Where(f => permission.AccessTo(f.ApiName) == FieldAccess.Edit).Select(f => f.ApiName).ToHashSet(StringComparer.Ordinal));
        });
    }
}
