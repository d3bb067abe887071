using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Saas.Platform.Mail;

/// <summary>Sends one mail with MailKit: over SMTP, or into the pickup folder.</summary>
internal sealed class MailTransport(IOptions<MailOptions> options)
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id}@saas-platform";
        mime.Body = new TextPart("plain") { Text = message.TextBody };

        if (!string.IsNullOrWhiteSpace(settings.PickupDirectory))
        {
            Directory.CreateDirectory(settings.PickupDirectory);
            // Written aside and then renamed, so whoever watches the folder never opens a mail still being written.
            var path = Path.Combine(settings.PickupDirectory, $"{message.Id}.eml");
            await mime.WriteToAsync(path + ".part", cancellationToken);
            File.Move(path + ".part", path, overwrite: true);
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            throw new InvalidOperationException("No mail transport is configured: set Mail:SmtpHost or Mail:PickupDirectory.");
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.SmtpHost, settings.SmtpPort, Enum.Parse<SecureSocketOptions>(settings.SmtpSecurity, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            await smtp.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? string.Empty, cancellationToken);
        }

        await smtp.SendAsync(mime, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }
}
