using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Workflows;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// <c>replay</c>: a step's job delivered again after its transaction committed, as at-least-once job storage may do
/// (Hangfire re-runs a job whose server died before it acknowledged it): the run is put back on the step and the step's
/// job enqueued, so the scenario can show the step's effect is not repeated. <c>output</c> on an <c>await</c>: the last
/// step's log entry holds the text.
/// </summary>
internal sealed partial class WorkflowScenario
{
    private async Task ReplayAsync(string record, string step)
    {
        var runId = Guid.Parse((await LatestRunAsync(record))!["id"]!.GetValue<string>());
        var tenant = await app.TenantAsync(api.Tenant);
        await app.InTenantAsync(tenant, async services =>
        {
            var db = services.GetRequiredService<TenantDbContext>();
            var run = await db.WorkflowRuns.SingleAsync(r => r.Id == runId, TestContext.Current.CancellationToken);
            run.Status = RunStatus.Pending;
            run.Position = step;
            run.Sequence++;
            run.Attempt = 0;
            run.CompletedAt = null;
            run.DueAt = app.Clock.GetUtcNow().AddMinutes(5);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            services.GetRequiredService<WorkflowQueue>().Enqueue(run.Id, run.Sequence);
        });
    }

    private async Task ExpectLastOutputAsync(JsonNode run, string text)
    {
        var detail = await api.SendAsync(HttpMethod.Get, $"/runs/{run["id"]!.GetValue<string>()}");
        Assert.True(detail.Status == HttpStatusCode.OK, $"{detail.Status}: {detail.Body}");
        var last = detail.Body!["steps"]!.AsArray().Last()!;
        var logged = $"{last["output"]?.ToJsonString()} {last["error"]?.ToJsonString()}";
        Assert.True(logged.Contains(text, StringComparison.Ordinal), $"The last step's log entry does not hold '{text}': {last.ToJsonString()}");
    }
}
