using System.Net;
using MimeKit;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// Two app processes (two hosts) on one PostgreSQL database, with Hangfire's PostgreSQL storage shared as in
/// production: runs started through either host are taken by either host's job server and sweep, and still each step
/// runs once, each record is created once and each mail is sent once.
/// </summary>
public sealed class WorkflowTwoHostsOnPostgres
{
    private const int Leads = 20;

    [Fact]
    public async Task Each_step_runs_once_and_each_mail_is_sent_once()
    {
        var first = new ClockedPostgresApp();
        await first.InitializeAsync();
        var second = first.Restarted(); // not a restart: both hosts run at once on the same database
        second.KeepsData = true; // the first host drops the database at the end
        try
        {
            await second.InitializeAsync();
            var (created, key) = await first.CreateTenantAsync("wf-two");
            var one = new WorkflowsClient(first.ClientWithKey(key), created.Identifier);
            var two = new WorkflowsClient(second.ClientWithKey(key), created.Identifier);
            await one.Records.Metadata.CreateEntityAsync("lead", Field("fullName", "text"), Field("email", "text"), Field("stage", "text"));
            await one.Records.Metadata.CreateEntityAsync("note", Field("about", "text"));
            var workflow = await one.PublishedAsync(new
            {
                name = "Welcome on two hosts",
                trigger = new { type = "recordCreated", entity = "lead" },
                steps = new object[]
                {
                    new { id = "tag", type = "updateFields", values = new Dictionary<string, string> { ["stage"] = "'tagged'" } },
                    new { id = "note", type = "createRecord", entity = "note", values = new Dictionary<string, string> { ["about"] = "fullName" } },
                    new { id = "hello", type = "sendEmail", to = "{{ record.email }}", subject = "Welcome {{ record.fullName }}", body = "Hello" },
                    new { id = "done", type = "updateFields", values = new Dictionary<string, string> { ["stage"] = "'done'" } },
                },
            });

            var unique = Guid.NewGuid().ToString("N")[..8];
            var emails = new List<string>();
            for (var i = 0; i < Leads; i++)
            {
                var email = $"lead{i}-{unique}@example.com";
                emails.Add(email);
                await (i % 2 == 0 ? one : two).Records.CreatedAsync("lead", new { fullName = $"Lead {i}", email, stage = "new" });
            }

            var runs = await AwaitCompletedAsync(two, workflow);
            foreach (var run in runs)
            {
                var detail = await one.SendAsync(HttpMethod.Get, $"/runs/{run}");
                Assert.Equal(HttpStatusCode.OK, detail.Status);
                Assert.Equal(["tag", "note", "hello", "done"], detail.Body!["steps"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>()));
            }

            var notes = (await one.ApiAsync(HttpMethod.Get, "/data/note?$top=500")).Body!["value"]!.AsArray();
            Assert.Equal(Leads, notes.Count);
            Assert.Equal(Leads, notes.Select(n => n!["about"]!.GetValue<string>()).Distinct().Count());
            foreach (var email in emails)
            {
                await AwaitMailAsync(first, email);
            }

            foreach (var email in emails)
            {
                Assert.Single(Mails(first, email));
            }
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private static async Task<List<string>> AwaitCompletedAsync(WorkflowsClient api, Guid workflow)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> completed = [];
        while (DateTime.UtcNow < deadline)
        {
            var runs = (await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={workflow}&take=500")).Body!.AsArray();
            completed = [.. runs.Where(r => r!["status"]!.GetValue<string>() == "completed").Select(r => r!["id"]!.GetValue<string>())];
            Assert.DoesNotContain(runs, r => r!["status"]!.GetValue<string>() == "faulted");
            if (runs.Count == Leads && completed.Count == Leads)
            {
                return completed;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{completed.Count} of {Leads} runs completed.");
        return completed;
    }

    private static List<MimeMessage> Mails(PlatformApp app, string to) =>
        [.. app.MailFiles().Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(a => a.Address == to))];

    private static async Task AwaitMailAsync(PlatformApp app, string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && Mails(app, to).Count == 0)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(Mails(app, to));
    }
}
