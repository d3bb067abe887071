using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// Inbound webhooks through the HTTP API: an admin makes a hook (id and secret shown once), another system posts JSON
/// with the secret and a run starts with the body as a variable; wrong secrets, other tenants, rotated secrets and
/// oversized bodies are refused without revealing the workflow, and the trigger log says what happened.
/// </summary>
public abstract class WorkflowHooksSpec(PlatformApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static object Definition(string trigger = "webhook") => new
    {
        name = "Signup hook",
        trigger = new { type = trigger, entity = "lead" },
        steps = new object[] { new { id = "hello", type = "sendEmail", to = "{{ variables.body.email }}", subject = "Welcome {{ variables.body.name }}", body = "Plan: {{ variables.body.plan.code }}" } },
    };

    private async Task<(WorkflowsClient Api, Guid Workflow)> HookedAsync(string prefix)
    {
        var api = await WorkflowsClient.ForNewTenantAsync(app, prefix);
        await api.Records.Metadata.CreateEntityAsync("lead", Field("fullName", "text"));
        return (api, await api.PublishedAsync(Definition()));
    }

    [Fact]
    public async Task A_call_with_the_secret_starts_a_run_with_the_body_as_a_variable()
    {
        var (api, workflow) = await HookedAsync("wf-hook");
        var hook = await api.SendAsync(HttpMethod.Post, $"/{workflow}/hook");
        Assert.True(hook.Status == HttpStatusCode.OK, $"{hook.Status}: {hook.Body}");
        var hookId = hook.Body!["hookId"]!.GetValue<string>();
        var secret = hook.Body["secret"]!.GetValue<string>();
        Assert.Equal("X-Hook-Secret", hook.Body["header"]!.GetValue<string>());
        Assert.DoesNotContain(secret, (await api.SendAsync(HttpMethod.Get, $"/{workflow}")).Body!.ToJsonString(), StringComparison.Ordinal);

        var email = $"hooked-{Guid.NewGuid():N}@example.com";
        var called = await CallAsync(api.Tenant, hookId, secret, new JsonObject { ["email"] = email, ["name"] = "Ann", ["plan"] = new JsonObject { ["code"] = "pro" } }.ToJsonString());
        Assert.True(called.StatusCode == HttpStatusCode.Accepted, $"{called.StatusCode}: {await called.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var runId = JsonNode.Parse(await called.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["runId"]!.GetValue<string>();

        var run = await AwaitCompletedAsync(api, runId);
        Assert.Equal("pro", run["variables"]!["body"]!["plan"]!["code"]!.GetValue<string>());
        var mail = await AwaitMailAsync(email);
        Assert.Equal("Welcome Ann", mail.Subject);
        Assert.Contains("Plan: pro", mail.TextBody, StringComparison.Ordinal);
        var log = (await api.SendAsync(HttpMethod.Get, $"/trigger-log?workflowId={workflow}")).Body!.AsArray();
        Assert.Contains(log, e => e!["event"]!.GetValue<string>() == "webhook" && e["outcome"]!.GetValue<string>() == "started" && e["runId"]!.GetValue<string>() == runId);
    }

    [Fact]
    public async Task Wrong_secrets_other_tenants_and_rotated_secrets_are_refused_alike()
    {
        var (api, workflow) = await HookedAsync("wf-hook-refuse");
        var first = (await api.SendAsync(HttpMethod.Post, $"/{workflow}/hook")).Body!;
        var (hookId, secret) = (first["hookId"]!.GetValue<string>(), first["secret"]!.GetValue<string>());
        var other = await WorkflowsClient.ForNewTenantAsync(app, "wf-hook-other");

        var wrong = await CallAsync(api.Tenant, hookId, "not-the-secret", "{}");
        var missing = await CallAsync(api.Tenant, hookId, null, "{}");
        var unknown = await CallAsync(api.Tenant, Guid.NewGuid().ToString(), secret, "{}");
        var elsewhere = await CallAsync(other.Tenant, hookId, secret, "{}"); // the right secret under another tenant
        foreach (var refused in new[] { wrong, missing, unknown, elsewhere })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(workflow.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("Signup", text, StringComparison.Ordinal);
        }

        var log = (await api.SendAsync(HttpMethod.Get, $"/trigger-log?workflowId={workflow}")).Body!.AsArray();
        Assert.Contains(log, e => e!["reason"]!.GetValue<string>().Contains("wrong X-Hook-Secret", StringComparison.Ordinal));
        Assert.Contains(log, e => e!["reason"]!.GetValue<string>().Contains("missing X-Hook-Secret", StringComparison.Ordinal));
        Assert.Empty((await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={workflow}")).Body!.AsArray());

        var rotated = (await api.SendAsync(HttpMethod.Post, $"/{workflow}/hook")).Body!;
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(api.Tenant, hookId, secret, "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(api.Tenant, rotated["hookId"]!.GetValue<string>(), rotated["secret"]!.GetValue<string>(), "{}")).StatusCode);
    }

    [Fact]
    public async Task Bodies_are_bounded_and_must_be_json_objects_and_only_webhook_workflows_have_hooks()
    {
        var (api, workflow) = await HookedAsync("wf-hook-body");
        var hook = (await api.SendAsync(HttpMethod.Post, $"/{workflow}/hook")).Body!;
        var (hookId, secret) = (hook["hookId"]!.GetValue<string>(), hook["secret"]!.GetValue<string>());

        var large = await CallAsync(api.Tenant, hookId, secret, new JsonObject { ["pad"] = new string('x', 70_000) }.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        var array = await CallAsync(api.Tenant, hookId, secret, "[1,2]");
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Contains("\"body\"", await array.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var manual = await api.PublishedAsync(Definition("manual"));
        var refused = await api.SendAsync(HttpMethod.Post, $"/{manual}/hook");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Body!["errors"]!["trigger.type"]);
        var condition = await api.SendAsync(HttpMethod.Post, string.Empty, new { name = "x", trigger = new { type = "webhook", entity = "lead", condition = "true" }, steps = new object[] { new { id = "s", type = "stop" } } });
        Assert.NotNull(condition.Body!["errors"]!["trigger.condition"]);
    }

    private async Task<HttpResponseMessage> CallAsync(string tenant, string hookId, string? secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant}/api/workflows/hooks/{hookId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-Hook-Secret", secret);
        }

        return await app.ClientWithKey(null).SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonNode> AwaitCompletedAsync(WorkflowsClient api, string runId)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = (await api.SendAsync(HttpMethod.Get, $"/runs/{runId}")).Body;
            if (run?["run"]?["status"]?.GetValue<string>() is "completed" or "faulted")
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(run?["run"]?["status"]?.GetValue<string>() == "completed", run?.ToJsonString());
        return run!;
    }

    private async Task<MimeMessage> AwaitMailAsync(string to)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (app.MailFiles().Select(path => MimeMessage.Load(path)).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to)) is { } found)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No mail to {to}.");
    }
}

[Collection(OnSqlite.Name)]
public sealed class WorkflowHooksOnSqlite(SqliteApp app) : WorkflowHooksSpec(app);

[Collection(OnPostgres.Name)]
public sealed class WorkflowHooksOnPostgres(PostgresApp app) : WorkflowHooksSpec(app);
