using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Records;

namespace Saas.Platform.Notifications;

internal static class NotificationsRegistration
{
    public static IServiceCollection AddNotificationServices(this IServiceCollection services)
    {
        services.AddScoped<NotificationInbox>();
        services.AddScoped<IRecordWriteObserver, AssignmentNotifier>();
        return services;
    }
}
