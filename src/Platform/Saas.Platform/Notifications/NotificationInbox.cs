using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Persistence;

namespace Saas.Platform.Notifications;

/// <summary>One notification as the API shows it.</summary>
public sealed record NotificationResponse(
    Guid Id, string Kind, string Entity, Guid RecordId, string? RecordName, string Actor, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The answer of <c>GET /api/notifications</c>: a page of the caller's notifications, newest first, and how many are unread in all.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, int Unread);

/// <summary>
/// The signed-in member's own notifications. They belong to people: an API key has none (an empty list), and nobody
/// sees or marks another member's, which are as unknown as missing ones.
/// </summary>
internal sealed class NotificationInbox(TenantDbContext db, CurrentCaller caller, TimeProvider clock)
{
    public const int DefaultTop = 20;
    public const int MaxTop = 100;

    /// <summary>The caller's notifications, newest first; only unread ones when asked.</summary>
    public async Task<(NotificationPage? Page, IDictionary<string, string[]>? Errors)> ListAsync(bool unreadOnly, string? top, string? skip, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var take = Number(top, "$top", DefaultTop, 1, MaxTop, errors);
        var offset = Number(skip, "$skip", 0, 0, int.MaxValue, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (caller.Value?.UserId is not { } userId)
        {
            return (new NotificationPage([], 0), null);
        }

        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var items = await (unreadOnly ? mine.Where(n => n.ReadAt == null) : mine)
            .OrderByDescending(n => n.Id) // ids are version 7: ordered by creation time
            .Skip(offset).Take(take)
            .ToListAsync(cancellationToken);
        return (new NotificationPage([.. items.Select(ToResponse)], unread), null);
    }

    /// <summary>Marks one of the caller's notifications read; false when the caller has none with that id.</summary>
    public async Task<bool> MarkReadAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        if (caller.Value?.UserId is not { } userId)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var mine = db.Set<Notification>().Where(n => n.Id == notificationId && n.UserId == userId);
        if (await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken) > 0)
        {
            return true;
        }

        return await mine.AnyAsync(cancellationToken); // read already: nothing to change
    }

    /// <summary>
    /// Marks read the caller's unread notifications up to <paramref name="upTo"/> (the newest the member has seen) and
    /// all before it, so one that came in meanwhile stays unread; the number marked, or null when the caller has no
    /// notification <paramref name="upTo"/>.
    /// </summary>
    public async Task<int?> MarkAllReadAsync(Guid upTo, CancellationToken cancellationToken)
    {
        if (caller.Value?.UserId is not { } userId
            || await db.Set<Notification>().AsNoTracking().Where(n => n.Id == upTo && n.UserId == userId).Select(n => (DateTimeOffset?)n.CreatedAt).FirstOrDefaultAsync(cancellationToken) is not { } newest)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return await db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null && n.CreatedAt <= newest)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private static int Number(string? text, string option, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[option] = [max == int.MaxValue ? $"{option} must be a whole number of at least {min}." : $"{option} must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static NotificationResponse ToResponse(Notification n) =>
        new(n.Id, n.Kind, n.Entity, n.RecordId, n.RecordName, n.Actor, n.CreatedAt, n.ReadAt);
}
