namespace Saas.Platform.Mail;

/// <summary>
/// A mail waiting to be sent, or sent. Mail is written here in the same transaction as the change that causes it,
/// then sent by a job; a send that fails is retried, and a sent mail is never sent again.
/// </summary>
internal sealed class OutboxMessage
{
    public required Guid Id { get; init; }

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
