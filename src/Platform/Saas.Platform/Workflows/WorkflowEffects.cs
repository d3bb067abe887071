using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Mail;
using Saas.Platform.Persistence;

namespace Saas.Platform.Workflows;

/// <summary>A mail a step sends, as its effect row keeps it until it is handed to the mail outbox.</summary>
internal sealed record MailEffect(string To, string Subject, string Body);

/// <summary>
/// Hands a run's mail effects to the platform's mail outbox exactly once: the outbox message takes the effect's id, so
/// a second delivery (a crash between the two saves, then the sweep) finds it there and only marks the effect.
/// </summary>
internal sealed class WorkflowEffects(TenantDbContext db, CatalogDbContext catalog, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string Mail = "mail";
    public const string RecordCreated = "record.created";
    public const string RecordUpdated = "record.updated";
    public const string Owner = "owner";

    public async Task DeliverAsync(Guid? runId, CancellationToken cancellationToken)
    {
        var pending = await db.WorkflowEffects
            .Where(e => e.Kind == Mail && e.DeliveredAt == null && (runId == null || e.RunId == runId))
            .OrderBy(e => e.CreatedAt).Take(200)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var ids = pending.Select(e => e.Id).ToList();
        var queued = await catalog.OutboxMessages.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken);
        foreach (var effect in pending.Where(e => !queued.Contains(e.Id)))
        {
            var mail = JsonSerializer.Deserialize<MailEffect>(effect.Payload, WorkflowDocument.Json)!;
            catalog.OutboxMessages.Add(new OutboxMessage { Id = effect.Id, To = mail.To, Subject = mail.Subject, TextBody = mail.Body, CreatedAt = clock.GetUtcNow() });
        }

        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another delivery (the runner's or the sweep's) queued some of them at the same time: the next sweep marks them.
            catalog.ChangeTracker.Clear();
            return;
        }

        foreach (var effect in pending)
        {
            effect.DeliveredAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<MailDispatcher>(d => d.SendPendingAsync(CancellationToken.None));
    }
}
