using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Workflows;

/// <summary>One approval step waiting on the caller: the run, its workflow, the record it runs on, since when and until when.</summary>
public sealed record WaitingApproval(
    Guid RunId, Guid WorkflowId, string WorkflowName, string Entity, Guid? RecordId, string Step, DateTimeOffset WaitingSince, DateTimeOffset? DueAt);

/// <summary>
/// The approvals inbox: waiting runs whose approval step names the caller (by user id or email). Deciding stays with
/// <see cref="WorkflowRuns.DecideAsync"/> and <c>POST /api/workflows/runs/{runId}/approvals</c>.
/// </summary>
internal sealed class ApprovalInbox(TenantDbContext db, MemberService members)
{
    private const int MaxWaiting = 200;

    // Approvers are a JSON list in the bookmark, so the match happens here over a bounded scan of the waiting runs.
    private const int MaxScanned = 5000;

    public async Task<IReadOnlyList<WaitingApproval>> WaitingOnAsync(Guid tenantId, Caller? caller, CancellationToken cancellationToken)
    {
        if (caller?.UserId is not { } userId || await members.FindAsync(tenantId, userId, cancellationToken) is not { } member)
        {
            return [];
        }

        var waiting = await (
            from run in db.WorkflowRuns.AsNoTracking()
            join workflow in db.Workflows.AsNoTracking() on run.WorkflowId equals workflow.Id
            where run.Status == RunStatus.Waiting && run.Bookmark != null
            orderby run.UpdatedAt
            select new { run.Id, run.WorkflowId, workflow.Name, run.Entity, run.RecordId, run.Bookmark, run.UpdatedAt, run.DueAt })
            .Take(MaxScanned)
            .ToListAsync(cancellationToken);
        var mine = new List<WaitingApproval>();
        foreach (var run in waiting)
        {
            var bookmark = JsonSerializer.Deserialize<ApprovalBookmark>(run.Bookmark!, WorkflowDocument.Json);
            if (bookmark is not null && bookmark.Approvers.Any(a => WorkflowApprovers.Find([member], a) is not null))
            {
                mine.Add(new WaitingApproval(run.Id, run.WorkflowId, run.Name, run.Entity, run.RecordId, bookmark.Step, run.UpdatedAt, run.DueAt));
            }
        }

        return [.. mine.Take(MaxWaiting)];
    }
}

/// <summary><c>GET /api/workflows/approvals/mine</c>: the approvals waiting on the signed-in member.</summary>
internal static partial class WorkflowsApi
{
    private static void MapApprovalInbox(IEndpointRouteBuilder routes) =>
        routes.MapGroup("/api/workflows").WithTags("Workflows").RequireTenant().RequireAuthorization(Policies.TenantMember)
            .MapGet("/approvals/mine", WaitingOnMeAsync).WithName("ListMyWorkflowApprovals").WithSummary("Approvals waiting on the signed-in member, oldest first");

    private static async Task<Ok<IReadOnlyList<WaitingApproval>>> WaitingOnMeAsync(
        ITenantAccessor tenants, ApprovalInbox inbox, CurrentCaller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.WaitingOnAsync(tenants.Tenant!.Id, caller.Value, cancellationToken));
}
