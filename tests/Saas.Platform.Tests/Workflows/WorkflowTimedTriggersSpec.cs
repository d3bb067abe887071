using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Workflows;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// Schedule (cron in a time zone) and date-relative triggers through the HTTP API, on a clock the tests move: validated
/// on save with errors naming the path, fired by the recurring timer sweep once per occurrence or per record and date,
/// and explained in the trigger log.
/// </summary>
public abstract class WorkflowTimedTriggersSpec(ClockedApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<WorkflowsClient> ContractsAsync(string prefix)
    {
        var api = await WorkflowsClient.ForNewTenantAsync(app, prefix);
        await api.Records.Metadata.CreateEntityAsync(
            "contract",
            Field("title", "text"),
            Field("status", "text", indexed: true),
            Field("note", "text"),
            Field("renewalDate", "date", indexed: true),
            Field("signedAt", "dateTime"),
            Field("reminded", "text"));
        return api;
    }

    private static object[] Mark(string value = "'yes'") => new object[] { new { id = "mark", type = "updateFields", values = new Dictionary<string, string> { ["reminded"] = value } } };

    [Fact]
    public async Task Timed_triggers_are_checked_on_save_with_errors_naming_the_path()
    {
        var api = await ContractsAsync("wf-timed-invalid");
        async Task<JsonObject> ErrorsAsync(object trigger)
        {
            var answer = await api.SendAsync(HttpMethod.Post, string.Empty, new { name = "Bad", trigger, steps = Mark() });
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
            return answer.Body!["errors"]!.AsObject();
        }

        var cron = await ErrorsAsync(new { type = "schedule", entity = "contract", cron = "61 * * * *", timeZone = "Mars/Olympus", condition = "true" });
        Assert.Contains("cron", cron["trigger.cron"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", cron["trigger.timeZone"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("filter", cron["trigger.condition"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var filter = await ErrorsAsync(new { type = "schedule", entity = "contract", cron = "0 9 * * *", filter = "note eq 'x'" });
        Assert.True(filter.ContainsKey("trigger.filter"), filter.ToJsonString());
        Assert.True((await ErrorsAsync(new { type = "schedule", entity = "contract" })).ContainsKey("trigger.cron"));

        var unindexed = await ErrorsAsync(new { type = "dateRelative", entity = "contract", dateField = "signedAt", before = "P3D" });
        Assert.Contains("not indexed", unindexed["trigger.dateField"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var wrongType = await ErrorsAsync(new { type = "dateRelative", entity = "contract", dateField = "status", before = "P3D", after = "nope" });
        Assert.Contains("date or dateTime", wrongType["trigger.dateField"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not both", wrongType["trigger.after"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(wrongType.ContainsKey("trigger.after"));
        var misplaced = await ErrorsAsync(new { type = "recordCreated", entity = "contract", cron = "0 9 * * *", dateField = "renewalDate" });
        Assert.True(misplaced.ContainsKey("trigger.cron") && misplaced.ContainsKey("trigger.dateField"), misplaced.ToJsonString());
    }

    [Fact]
    public async Task A_schedule_runs_once_per_occurrence_in_its_time_zone_without_a_record()
    {
        var api = await ContractsAsync("wf-cron");
        var id = await api.PublishedAsync(new
        {
            name = "Daily contract",
            trigger = new { type = "schedule", entity = "contract", cron = "30 9 * * *", timeZone = "Asia/Shanghai" },
            steps = new object[] { new { id = "make", type = "createRecord", entity = "contract", values = new Dictionary<string, string> { ["title"] = "'Daily'" } } },
        });
        Assert.Empty(await RunsAsync(api, id));

        app.Clock.Advance(TimeSpan.FromDays(1));
        var first = Assert.Single(await AwaitRunsAsync(api, id, 1, "completed"));
        Assert.Null(first["recordId"]);
        var log = await TriggerLogAsync(api, id);
        var started = Assert.Single(log);
        Assert.Equal("started", started["outcome"]!.GetValue<string>());
        Assert.Contains("01:30:00Z", started["reason"]!.GetValue<string>(), StringComparison.Ordinal); // 09:30 in Shanghai is 01:30 UTC

        // Half way to the next 01:30 UTC: the shared clock's time of day depends on the tests before this one.
        var now = app.Clock.GetUtcNow();
        var next = new DateTimeOffset(now.UtcDateTime.Date.AddHours(1.5), TimeSpan.Zero);
        app.Clock.Advance(((next > now ? next : next.AddDays(1)) - now) / 2);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // sweeps pass; nothing is due
        Assert.Single(await RunsAsync(api, id));

        app.Clock.Advance(TimeSpan.FromDays(1));
        await AwaitRunsAsync(api, id, 2, "completed");
        var made = (await api.ApiAsync(HttpMethod.Get, "/data/contract")).Body!["value"]!.AsArray();
        Assert.Equal(2, made.Count(r => r!["title"]?.GetValue<string>() == "Daily"));
    }

    [Fact]
    public async Task A_schedule_with_a_filter_runs_on_each_matching_record()
    {
        var api = await ContractsAsync("wf-cron-filter");
        var active = (await api.Records.CreatedAsync("contract", new { title = "A", status = "active" })).Id;
        var other = (await api.Records.CreatedAsync("contract", new { title = "B", status = "active" })).Id;
        var ended = (await api.Records.CreatedAsync("contract", new { title = "C", status = "ended" })).Id;
        var id = await api.PublishedAsync(new
        {
            name = "Hourly active",
            trigger = new { type = "schedule", entity = "contract", cron = "0 * * * *", filter = "status eq 'active'" },
            steps = Mark(),
        });

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var runs = await AwaitRunsAsync(api, id, 2, "completed");
        Assert.Equal(new[] { active, other }.Order(), runs.Select(r => Guid.Parse(r["recordId"]!.GetValue<string>())).Order());
        Assert.Equal("yes", (await api.Records.GetAsync("contract", active)).Body!["reminded"]!.GetValue<string>());
        Assert.Null((await api.Records.GetAsync("contract", ended)).Body!["reminded"]);
    }

    [Fact]
    public async Task Two_sweeps_at_once_start_an_occurrence_once()
    {
        var api = await ContractsAsync("wf-cron-claim");
        var id = await api.PublishedAsync(new
        {
            name = "Claimed once",
            trigger = new { type = "schedule", entity = "contract", cron = "*/5 * * * *" },
            steps = new object[] { new { id = "make", type = "createRecord", entity = "contract", values = new Dictionary<string, string> { ["title"] = "'Tick'" } } },
        });
        var tenant = await app.TenantAsync(api.Tenant);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        // Several sweepers race (the host's own timer among them), as processes sharing the database would.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.InTenantAsync(tenant, services => services.GetRequiredService<WorkflowTimerSweep>().SweepAsync(CancellationToken.None))));
        await AwaitRunsAsync(api, id, 1, "completed");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(await RunsAsync(api, id));
        Assert.Single(await TriggerLogAsync(api, id));
    }

    [Fact]
    public async Task A_date_trigger_fires_once_per_record_and_date_and_again_when_the_date_moves()
    {
        var api = await ContractsAsync("wf-dates");
        var today = app.Clock.GetUtcNow().UtcDateTime.Date;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var id = await api.PublishedAsync(new
        {
            name = "Renewal reminder",
            trigger = new { type = "dateRelative", entity = "contract", dateField = "renewalDate", before = "P3D", condition = "status eq 'active'" },
            steps = Mark(),
        });
        var soon = (await api.Records.CreatedAsync("contract", new { title = "Soon", status = "active", renewalDate = Day(5) })).Id;
        var later = (await api.Records.CreatedAsync("contract", new { title = "Later", status = "active", renewalDate = Day(30) })).Id;
        var inactive = (await api.Records.CreatedAsync("contract", new { title = "Off", status = "ended", renewalDate = Day(5) })).Id;

        app.Clock.Advance(TimeSpan.FromDays(1));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Empty(await RunsAsync(api, id)); // 4 days before: not yet

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var run = Assert.Single(await AwaitRunsAsync(api, id, 1, "completed"));
        Assert.Equal(soon, Guid.Parse(run["recordId"]!.GetValue<string>()));
        var skipped = Assert.Single(await TriggerLogAsync(api, id), e => e!["outcome"]!.GetValue<string>() == "skipped");
        Assert.Equal(inactive, Guid.Parse(skipped!["recordId"]!.GetValue<string>()));
        Assert.Contains("is false", skipped["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(12));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(await RunsAsync(api, id)); // the same date does not fire again

        // Moved to a new date, the record fires again when that one is due.
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("contract", soon, new { renewalDate = Day(10) })).Status);
        app.Clock.Advance(TimeSpan.FromDays(5));
        await AwaitRunsAsync(api, id, 2, "completed");
        Assert.DoesNotContain(await RunsAsync(api, id), r => r["recordId"]!.GetValue<string>() == later.ToString());
    }

    private static async Task<List<JsonNode>> RunsAsync(WorkflowsClient api, Guid workflowId)
    {
        var answer = await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={workflowId}&take=500");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return [.. answer.Body!.AsArray().Select(r => r!)];
    }

    private static async Task<List<JsonNode>> TriggerLogAsync(WorkflowsClient api, Guid workflowId) =>
        [.. (await api.SendAsync(HttpMethod.Get, $"/trigger-log?workflowId={workflowId}")).Body!.AsArray().Select(e => e!)];

    private static async Task<List<JsonNode>> AwaitRunsAsync(WorkflowsClient api, Guid workflowId, int count, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        var runs = new List<JsonNode>();
        while (DateTime.UtcNow < deadline)
        {
            runs = await RunsAsync(api, workflowId);
            if (runs.Count >= count && runs.All(r => r["status"]!.GetValue<string>() == status))
            {
                return runs;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Expected {count} {status} runs of {workflowId}; found {new JsonArray([.. runs.Select(r => r.DeepClone())]).ToJsonString()}.");
    }
}

[Collection(ClockedOnSqlite.Name)]
public sealed class WorkflowTimedTriggersOnSqlite(ClockedSqliteApp app) : WorkflowTimedTriggersSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class WorkflowTimedTriggersOnPostgres(ClockedPostgresApp app) : WorkflowTimedTriggersSpec(app);
