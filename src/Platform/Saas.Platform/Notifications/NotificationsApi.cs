using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Notifications;

/// <summary>The signed-in member's notifications: records assigned to them.</summary>
internal static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/api/notifications").WithTags("Notifications").RequireTenant().RequireAuthorization(Policies.TenantMember);
        notifications.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's notifications, newest first, with the number unread");
        notifications.MapPost("/{notificationId:guid}/read", MarkReadAsync).WithName("ReadNotification").WithSummary("Mark one of the caller's notifications read");
        notifications.MapPost("/read-all", MarkAllReadAsync).WithName("ReadAllNotifications").WithSummary("Mark read the caller's notifications up to the newest one seen");
        return routes;
    }

    private static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListAsync(
        NotificationInbox inbox,
        CancellationToken cancellationToken,
        bool? unread = null,
        [FromQuery(Name = "$top")] string? top = null,
        [FromQuery(Name = "$skip")] string? skip = null) =>
        await inbox.ListAsync(unread ?? false, top, skip, cancellationToken) switch
        {
            ({ } page, _) => TypedResults.Ok(page),
            (_, var errors) => TypedResults.ValidationProblem(errors!),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid notificationId, NotificationInbox inbox, CancellationToken cancellationToken) =>
        await inbox.MarkReadAsync(notificationId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"You have no notification {notificationId}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Results<Ok<ReadAllResponse>, ValidationProblem, ProblemHttpResult>> MarkAllReadAsync(
        ReadAllRequest? request, NotificationInbox inbox, CancellationToken cancellationToken)
    {
        if (request?.UpTo is not { } upTo)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["upTo"] = ["The id of the newest notification the member has seen is required."] });
        }

        return await inbox.MarkAllReadAsync(upTo, cancellationToken) is { } marked
            ? TypedResults.Ok(new ReadAllResponse(marked))
            : TypedResults.Problem($"You have no notification {upTo}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}

/// <summary>The body of <c>POST /api/notifications/read-all</c>: the newest notification the member has seen; it and all before it are marked read.</summary>
public sealed record ReadAllRequest(Guid? UpTo);

/// <summary>The answer of <c>POST /api/notifications/read-all</c>: how many were marked read.</summary>
public sealed record ReadAllResponse(int Marked);
