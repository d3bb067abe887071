using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;

namespace Saas.Platform.Mail;

internal static class MailRegistration
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<MailOptions>, DevelopmentPickupFolder>();
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddScoped<MailDispatcher>();
        services.AddSingleton<MailTransport>();
        services.AddScoped<IStartupTask, MailRecurringJob>();
        return services;
    }

    /// <summary>In Development with no SMTP server configured, mail lands in <c>App_Data/mail</c> as .eml files.</summary>
    private sealed class DevelopmentPickupFolder(IHostEnvironment environment, PlatformDatabase database) : IPostConfigureOptions<MailOptions>
    {
        public void PostConfigure(string? name, MailOptions options)
        {
            if (environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.PickupDirectory) && string.IsNullOrWhiteSpace(options.SmtpHost))
            {
                options.PickupDirectory = Path.Combine(database.DataDirectory, "mail");
            }
        }
    }

    /// <summary>Drains the outbox every minute, for mail whose own job failed or was lost with an in-memory job store.</summary>
    private sealed class MailRecurringJob(IRecurringJobManager recurring) : IStartupTask
    {
        public Task RunAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<MailDispatcher>(MailDispatcher.RecurringJobId, d => d.SendPendingAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        }
    }
}
