using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Mail;

/// <summary>Queues mail in the catalog's outbox; the caller's SaveChanges commits it with the change that caused it.</summary>
public interface IMailOutbox
{
    /// <summary>Adds the mail to the outbox; it is sent after the caller saves.</summary>
    void Add(string recipient, string subject, string textBody);
}

internal sealed class MailOutbox(CatalogDbContext catalog, IBackgroundJobClient jobs, TimeProvider clock) : IMailOutbox
{
    private bool sendAfterSave;

    public void Add(string recipient, string subject, string textBody)
    {
        catalog.OutboxMessages.Add(new OutboxMessage
        {
            Id = Uuid.NewSequential(),
            To = recipient,
            Subject = subject,
            TextBody = textBody,
            CreatedAt = clock.GetUtcNow(),
        });
        if (!sendAfterSave)
        {
            sendAfterSave = true;
            catalog.SavedChanges += (_, _) => jobs.Enqueue<MailDispatcher>(d => d.SendPendingAsync(CancellationToken.None));
        }
    }
}

/// <summary>
/// Sends what the outbox holds. A job is enqueued after each save that adds mail, and a recurring job drains the
/// outbox every minute; a distributed lock lets one run at a time, so two runs never send the same message. A failed
/// send is retried on the next run, up to <see cref="MaxAttempts"/>. Delivery is at least once: a crash between the
/// SMTP send and the save of <c>SentAt</c> sends that one message again.
/// </summary>
internal sealed class MailDispatcher(CatalogDbContext catalog, MailTransport transport, TimeProvider clock, ILogger<MailDispatcher> logger)
{
    public const string RecurringJobId = "mail-outbox";
    public const int MaxAttempts = 10;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await catalog.OutboxMessages
            .Where(m => m.SentAt == null && m.Attempts < MaxAttempts)
            .OrderBy(m => m.CreatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var message in pending)
        {
            message.Attempts++;
            try
            {
                await transport.SendAsync(message, cancellationToken);
                message.SentAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.LastError = ex.Message;
                logger.LogWarning(ex, "Mail {Message} to {To} failed (attempt {Attempt})", message.Id, message.To, message.Attempts);
            }

            await catalog.SaveChangesAsync(cancellationToken);
        }
    }
}
