using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Views;

/// <summary>One entity's place in the navigation.</summary>
public sealed record NavigationItem(string Entity, bool Hidden);

/// <summary>
/// The order of the tenant's entities in the staff app's navigation and which are hidden there, set by admins. Hiding
/// tidies the menu; it is no permission (the entity's records stay readable to whoever may read them).
/// </summary>
internal sealed class NavigationOrder(TenantDbContext db, CurrentCaller caller)
{
    /// <summary>The entities in navigation order: those placed by an admin first, in their order, then the others as given.</summary>
    public async Task<IReadOnlyList<NavigationItem>> ArrangeAsync(IEnumerable<string> entities, CancellationToken cancellationToken)
    {
        var placed = await db.NavigationEntries.AsNoTracking().ToDictionaryAsync(e => e.Entity, StringComparer.Ordinal, cancellationToken);
        return [.. entities.Select((entity, index) => (entity, index))
            .OrderBy(e => placed.TryGetValue(e.entity, out var entry) ? entry.Position : int.MaxValue).ThenBy(e => e.index)
            .Select(e => new NavigationItem(e.entity, placed.TryGetValue(e.entity, out var entry) && entry.Hidden))];
    }

    /// <summary>Stores the whole order at once; only an admin may. Answers false when refused.</summary>
    public async Task<bool> SaveAsync(IReadOnlyList<NavigationItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (caller.Value is { Role: not TenantRoles.Admin })
        {
            return false;
        }

        var existing = await db.NavigationEntries.ToDictionaryAsync(e => e.Entity, StringComparer.Ordinal, cancellationToken);
        for (var position = 0; position < items.Count; position++)
        {
            var item = items[position];
            if (existing.TryGetValue(item.Entity, out var entry))
            {
                entry.Position = position;
                entry.Hidden = item.Hidden;
            }
            else
            {
                db.NavigationEntries.Add(new NavigationEntry { Id = Uuid.NewSequential(), Entity = item.Entity, Position = position, Hidden = item.Hidden });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
