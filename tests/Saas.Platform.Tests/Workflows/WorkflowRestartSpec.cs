using System.Net;
using MimeKit;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// A run waiting when the app stops resumes after a restart on the same database (with a new, empty job storage),
/// and each of its mails is sent exactly once.
/// </summary>
public abstract class WorkflowRestartSpec(Func<ClockedApp> create)
{
    [Fact]
    public async Task A_run_waiting_across_a_restart_completes_and_mails_each_message_once()
    {
        var first = create();
        await first.InitializeAsync();
        var email = $"lead-{Guid.NewGuid():N}@example.com";
        string tenant;
        string key;
        ClockedApp second;
        Guid record;
        try
        {
            var (created, adminKey) = await first.CreateTenantAsync("wf-restart");
            (tenant, key) = (created.Identifier, adminKey);
            var api = new WorkflowsClient(first.ClientWithKey(key), tenant);
            await api.Records.Metadata.CreateEntityAsync("lead", Field("fullName", "text"), Field("email", "text"));
            await api.PublishedAsync(new
            {
                name = "Nurture across restarts",
                trigger = new { type = "recordCreated", entity = "lead" },
                steps = new object[]
                {
                    new { id = "hello", type = "sendEmail", to = "{{ record.email }}", subject = "Welcome", body = "Hello {{ record.fullName }}" },
                    new { id = "pause", type = "wait", duration = "P2D" },
                    new { id = "nudge", type = "sendEmail", to = "{{ record.email }}", subject = "Still there?", body = "Hi again" },
                },
            });
            record = (await api.Records.CreatedAsync("lead", new { fullName = "Ann", email })).Id;
            await AwaitStatusAsync(api, record, "waiting");
            await AwaitMailAsync(first, email, "Welcome");
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
            Assert.Equal("waiting", await StatusAsync(api, record));

            second.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

            await AwaitStatusAsync(api, record, "completed");
            await AwaitMailAsync(second, email, "Still there?");
            Assert.Single(Mails(second, email, "Welcome"));
            Assert.Single(Mails(second, email, "Still there?"));
        }
    }

    [Fact]
    public async Task A_loop_stopped_mid_way_goes_on_with_its_next_item_after_a_restart()
    {
        var first = create();
        await first.InitializeAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        string tenant;
        string key;
        ClockedApp second;
        Guid account;
        try
        {
            var (created, adminKey) = await first.CreateTenantAsync("wf-loop");
            (tenant, key) = (created.Identifier, adminKey);
            var api = new WorkflowsClient(first.ClientWithKey(key), tenant);
            await api.Records.Metadata.CreateEntityAsync("account", Field("title", "text"));
            await api.Records.Metadata.CreateEntityAsync(
                "contact", Field("fullName", "text"), Field("email", "text"), Field("account", "lookup", new { targetEntity = "account" }, indexed: true));
            var workflow = await api.PublishedAsync(new
            {
                name = "Greet contacts a day apart",
                trigger = new { type = "manual", entity = "account" },
                steps = new object[]
                {
                    new
                    {
                        id = "each", type = "forEach", entity = "contact", lookup = "account",
                        @do = new object[]
                        {
                            new { id = "hello", type = "sendEmail", to = "{{ item.email }}", subject = "Hello {{ item.fullName }}", body = "Hi" },
                            new { id = "pause", type = "wait", duration = "P1D" },
                        },
                    },
                },
            });
            account = (await api.Records.CreatedAsync("account", new { title = "Acme" })).Id;
            foreach (var name in new[] { "ann", "bob" })
            {
                await api.Records.CreatedAsync("contact", new { fullName = name, email = $"{name}-{unique}@example.com", account });
            }

            Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, $"/{workflow}/run", new { recordIds = new[] { account } })).Status);
            await AwaitStatusAsync(api, account, "waiting");
            await AwaitMailAsync(first, $"ann-{unique}@example.com", "Hello ann");
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
            second.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            await AwaitMailAsync(second, $"bob-{unique}@example.com", "Hello bob");
            second.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            await AwaitStatusAsync(api, account, "completed");
            Assert.Single(Mails(second, $"ann-{unique}@example.com", "Hello ann"));
            Assert.Single(Mails(second, $"bob-{unique}@example.com", "Hello bob"));
        }
    }

    private static async Task<string?> StatusAsync(WorkflowsClient api, Guid record) =>
        (await api.SendAsync(HttpMethod.Get, "/runs")).Body!.AsArray().FirstOrDefault(r => r!["recordId"]!.GetValue<string>() == record.ToString())?["status"]?.GetValue<string>();

    private static async Task AwaitStatusAsync(WorkflowsClient api, Guid record, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await StatusAsync(api, record) != status)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(status, await StatusAsync(api, record));
    }

    private static List<MimeMessage> Mails(PlatformApp app, string to, string subject) =>
        [.. app.MailFiles().Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject == subject)];

    private static async Task AwaitMailAsync(PlatformApp app, string to, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && Mails(app, to, subject).Count == 0)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(Mails(app, to, subject));
    }
}

public sealed class WorkflowRestartOnSqlite() : WorkflowRestartSpec(() => new ClockedSqliteApp());

public sealed class WorkflowRestartOnPostgres() : WorkflowRestartSpec(() => new ClockedPostgresApp());
