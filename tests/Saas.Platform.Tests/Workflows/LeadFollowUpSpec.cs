using System.Net;
using System.Text.Json.Nodes;
using MimeKit;
using Saas.Platform.Tests.Bulk;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// The "done when" of the workflow engine, through the API: an admin publishes a workflow that, on a new lead of the
/// core pack, assigns an owner round robin over a team, creates a task, waits two days and mails the lead unless it was
/// converted. It fires on API creates and on a bulk import, survives a restart in the middle of the wait, and the
/// trigger log and the run log explain each decision.
/// </summary>
public abstract class LeadFollowUpSpec(Func<ClockedApp> create)
{
    private const string Nudge = "Still interested?";
    private static readonly string[] Imported = ["cy", "di", "ed"];
    private static readonly string[] Started = ["ann", "bo", "cy", "di"];
    private static readonly string[] Mailed = ["ann", "cy", "di"];

    [Fact]
    public async Task New_leads_get_an_owner_a_task_and_after_two_days_a_mail_unless_converted_across_a_restart()
    {
        var first = create();
        await first.InitializeAsync();
        var unique = Guid.NewGuid().ToString("N")[..10];
        string Email(string name) => $"{name}-{unique}@example.com";
        string tenant;
        string key;
        Guid rep1;
        Guid rep2;
        Dictionary<string, Guid> leads;
        ClockedApp second;
        try
        {
            var (created, adminKey) = await first.CreateTenantAsync("wf-leads");
            (tenant, key) = (created.Identifier, adminKey);
            var api = new WorkflowsClient(first.ClientWithKey(key), tenant);
            rep1 = (await first.AddMemberAsync(tenant, key, Email("rep1"), "staff")).UserId;
            rep2 = (await first.AddMemberAsync(tenant, key, Email("rep2"), "staff")).UserId;
            var team = (await api.ApiAsync(HttpMethod.Post, "/teams", new { name = "Sales" })).Body!["id"]!.GetValue<string>();
            foreach (var rep in new[] { rep1, rep2 })
            {
                Assert.Equal(HttpStatusCode.OK, (await api.ApiAsync(HttpMethod.Put, $"/teams/{team}/members/{rep}")).Status);
            }

            Assert.Equal(HttpStatusCode.Created, (await api.ApiAsync(HttpMethod.Post, "/packs", new { id = "core" })).Status);
            await api.PublishedAsync(new
            {
                name = "Follow up new leads",
                trigger = new { type = "recordCreated", entity = "lead", condition = "status ne 'unqualified'" },
                steps = new object[]
                {
                    new { id = "assign", type = "assignOwner", team },
                    new { id = "task", type = "createTask", subject = "Call {{ record.fullName }}", due = "P1D" },
                    new { id = "pause", type = "wait", duration = "P2D" },
                    new
                    {
                        id = "converted", type = "if", condition = "status eq 'converted' or convertedAt ne null",
                        then = new object[] { new { id = "done", type = "stop" } },
                        @else = new object[] { new { id = "nudge", type = "sendEmail", to = "{{ record.email }}", subject = Nudge, body = "Hello {{ record.fullName }}, shall we talk?" } },
                    },
                },
            });

            // Two leads through the API, three through a bulk import (one unqualified, which the condition skips).
            leads = new Dictionary<string, Guid>(StringComparer.Ordinal)
            {
                ["ann"] = (await api.Records.CreatedAsync("lead", new { fullName = "Ann", email = Email("ann") })).Id,
                ["bo"] = (await api.Records.CreatedAsync("lead", new { fullName = "Bo", email = Email("bo") })).Id,
            };
            var ndjson = string.Join('\n', Imported.Select(n => new JsonObject
            {
                ["fullName"] = n.ToUpperInvariant(),
                ["email"] = Email(n),
                ["status"] = n == "ed" ? "unqualified" : "new",
            }.ToJsonString()));
            var job = await new BulkClient(first.ClientWithKey(key), tenant).ImportAsync("lead", ndjson, BulkClient.Ndjson);
            Assert.Equal("completed", job["status"]!.GetValue<string>());
            foreach (var lead in (await api.ApiAsync(HttpMethod.Get, "/data/lead")).Body!["value"]!.AsArray())
            {
                leads.TryAdd(lead!["fullName"]!.GetValue<string>().ToLowerInvariant(), Guid.Parse(lead["id"]!.GetValue<string>()));
            }

            foreach (var name in Started)
            {
                await AwaitRunAsync(api, leads[name], "waiting");
            }

            // The owners alternate over the team (runs running at the same time take turns); each lead has its task, for its owner.
            var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
            foreach (var name in Started)
            {
                owners[name] = Guid.Parse((await api.Records.GetAsync("lead", leads[name])).Body!["ownerId"]!.GetValue<string>());
            }

            Assert.Equal(2, owners.Values.Count(o => o == rep1));
            Assert.Equal(2, owners.Values.Count(o => o == rep2));
            var tasks = (await api.ApiAsync(HttpMethod.Get, "/data/activity")).Body!["value"]!.AsArray();
            Assert.Equal(4, tasks.Count);
            foreach (var name in Started)
            {
                var task = Assert.Single(tasks, t => t!["lead"]?.GetValue<string>() == leads[name].ToString());
                Assert.Equal($"CALL {name.ToUpperInvariant()}", task!["subject"]!.GetValue<string>().ToUpperInvariant());
                Assert.Equal("task", task["activityType"]!.GetValue<string>());
                Assert.Equal(owners[name].ToString(), task["ownerId"]!.GetValue<string>());
            }

            // The trigger log says why each lead started a run, or did not.
            Assert.Contains(await TriggerLogAsync(api, leads["ann"]), e => e["outcome"]!.GetValue<string>() == "started"
                && e["reason"]!.GetValue<string>().Contains("the condition 'status ne 'unqualified'' is true", StringComparison.Ordinal));
            Assert.Contains(await TriggerLogAsync(api, leads["cy"]), e => e["outcome"]!.GetValue<string>() == "started");
            Assert.Contains(await TriggerLogAsync(api, leads["ed"]), e => e["outcome"]!.GetValue<string>() == "skipped"
                && e["reason"]!.GetValue<string>().Contains("is false for this record", StringComparison.Ordinal));
            Assert.Empty(await RunsAsync(api, leads["ed"]));

            // Bo converts during the wait; then the app stops with every run waiting.
            var converted = await api.Records.PatchAsync("lead", leads["bo"], new { status = "converted", convertedAt = first.Clock.GetUtcNow().AddDays(1) });
            Assert.True(converted.Status == HttpStatusCode.OK, $"{converted.Status}: {converted.Body}");
            first.Clock.Advance(TimeSpan.FromDays(1));
            first.KeepsData = true;
            second = first.Restarted();
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using (second)
        {
            await second.InitializeAsync();
            var api = new WorkflowsClient(second.ClientWithKey(key), tenant);
            Assert.Equal("waiting", (await RunsAsync(api, leads["ann"])).Single()["status"]!.GetValue<string>());
            Assert.Empty(Mails(second, Email("ann")));

            second.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            foreach (var name in Started)
            {
                await AwaitRunAsync(api, leads[name], "completed");
            }

            foreach (var name in Mailed)
            {
                await AwaitMailAsync(second, Email(name));
                var mail = Assert.Single(Mails(second, Email(name)));
                Assert.Contains("shall we talk?", mail.TextBody, StringComparison.Ordinal);
            }

            Assert.Empty(Mails(second, Email("bo")));
            var run = (await RunsAsync(api, leads["bo"])).Single();
            var detail = (await api.SendAsync(HttpMethod.Get, $"/runs/{run["id"]}")).Body!;
            var steps = detail["steps"]!.AsArray();
            Assert.Equal(["assign", "task", "pause", "converted", "done"], steps.Select(s => s!["stepId"]!.GetValue<string>()));
            Assert.Equal("then", steps[3]!["output"]!["branch"]!.GetValue<string>());
            Assert.Equal(2, (await api.ApiAsync(HttpMethod.Get, "/data/activity")).Body!["value"]!.AsArray().Count(t => t!["ownerId"]!.GetValue<string>() == rep1.ToString()));
            Assert.Equal(4, (await api.ApiAsync(HttpMethod.Get, "/data/activity")).Body!["value"]!.AsArray().Count);
        }
    }

    private static async Task<List<JsonNode>> RunsAsync(WorkflowsClient api, Guid record) =>
        [.. (await api.SendAsync(HttpMethod.Get, "/runs?take=500")).Body!.AsArray().Where(r => r!["recordId"]?.GetValue<string>() == record.ToString()).Select(r => r!)];

    private static async Task<List<JsonNode>> TriggerLogAsync(WorkflowsClient api, Guid record) =>
        [.. (await api.SendAsync(HttpMethod.Get, $"/trigger-log?recordId={record}")).Body!.AsArray().Select(e => e!)];

    private static async Task AwaitRunAsync(WorkflowsClient api, Guid record, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await RunsAsync(api, record)).FirstOrDefault()?["status"]?.GetValue<string>() != status)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var runs = await RunsAsync(api, record);
        Assert.True(runs.Count == 1 && runs[0]["status"]!.GetValue<string>() == status, $"Expected one {status} run of {record}: {new JsonArray([.. runs.Select(r => r.DeepClone())]).ToJsonString()}");
    }

    private static List<MimeMessage> Mails(PlatformApp app, string to) =>
        [.. app.MailFiles().Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject == Nudge)];

    private static async Task AwaitMailAsync(PlatformApp app, string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && Mails(app, to).Count == 0)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

public sealed class LeadFollowUpOnSqlite() : LeadFollowUpSpec(() => new ClockedSqliteApp());

public sealed class LeadFollowUpOnPostgres() : LeadFollowUpSpec(() => new ClockedPostgresApp());
