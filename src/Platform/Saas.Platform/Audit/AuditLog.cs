using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Audit;

/// <summary>An entry as read through the API.</summary>
public sealed record AuditRecord(Guid Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);

/// <summary>Appends admin actions to the current tenant's audit log and reads them back, newest first.</summary>
public interface IAuditLog
{
    Task RecordAsync(string actor, string action, string target, string? details, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ReadAsync(int take, CancellationToken cancellationToken);
}

internal sealed class AuditLog(TenantDbContext db, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(string actor, string action, string target, string? details, CancellationToken cancellationToken)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Uuid.NewSequential(),
            At = clock.GetUtcNow(),
            Actor = actor,
            Action = action,
            Target = target,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int take, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(take)
            .Select(e => new AuditRecord(e.Id, e.At, e.Actor, e.Action, e.Target, e.Details))
            .ToListAsync(cancellationToken);
}
