using System.ComponentModel.DataAnnotations;

namespace Saas.Platform.Mail;

/// <summary>Configuration section <c>Mail</c>: an SMTP server, or a pickup folder where each mail is written as an .eml file.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required]
    [EmailAddress]
    public string From { get; set; } = "no-reply@localhost";

    /// <summary>When set, mail is written to this folder instead of being sent (Development default: <c>App_Data/mail</c>).</summary>
    public string? PickupDirectory { get; set; }

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary><c>Auto</c>, <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c> or <c>StartTlsWhenAvailable</c> (MailKit's SecureSocketOptions).</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>The address of the web app, for links in mail (invitations, password resets).</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
