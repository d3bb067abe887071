using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// Web forms (web-to-lead) through the HTTP API: a public post, form-urlencoded or JSON, creates a record through the
/// record service (so record triggers fire) and starts the form's workflow; validation errors name the posted fields;
/// a filled honeypot is dropped with the same answer; oversized bodies and unknown forms are refused.
/// </summary>
public abstract class WorkflowFormsSpec(PlatformApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<(WorkflowsClient Api, Guid Workflow, string FormId)> FormAsync(string prefix)
    {
        var api = await WorkflowsClient.ForNewTenantAsync(app, prefix);
        await api.Records.Metadata.CreateEntityAsync("lead", Field("fullName", "text", required: true), Field("email", "email"), Field("source", "text"), Field("stage", "text"));
        var workflow = await api.PublishedAsync(new
        {
            name = "Web-to-lead",
            trigger = new { type = "webForm", entity = "lead", fields = new Dictionary<string, string> { ["name"] = "fullName", ["mail"] = "email" } },
            steps = new object[] { new { id = "tag", type = "updateFields", values = new Dictionary<string, string> { ["source"] = "'web'" } } },
        });
        var form = await api.SendAsync(HttpMethod.Post, $"/{workflow}/form");
        Assert.True(form.Status == HttpStatusCode.OK, $"{form.Status}: {form.Body}");
        Assert.Equal("_gotcha", form.Body!["honeypot"]!.GetValue<string>());
        return (api, workflow, form.Body["formId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_posted_form_creates_a_record_fires_record_triggers_and_runs_its_workflow()
    {
        var (api, workflow, formId) = await FormAsync("wf-form");
        var onCreate = await api.PublishedAsync(new
        {
            name = "New lead stage",
            trigger = new { type = "recordCreated", entity = "lead" },
            steps = new object[] { new { id = "stage", type = "updateFields", values = new Dictionary<string, string> { ["stage"] = "'new'" } } },
        });

        var posted = await PostAsync(api.Tenant, formId, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann Web", ["mail"] = "ann@example.com", ["submit"] = "Send" }));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var json = await PostAsync(api.Tenant, formId, new StringContent("""{"name":"Bo Json","mail":"bo@example.com"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);

        var leads = await AwaitAsync(async () =>
        {
            var list = (await api.ApiAsync(HttpMethod.Get, "/data/lead")).Body!["value"]!.AsArray();
            return list.Count == 2 && list.All(l => l!["source"]?.GetValue<string>() == "web" && l["stage"]?.GetValue<string>() == "new") ? list : null;
        });
        Assert.Equal(["Ann Web", "Bo Json"], leads.Select(l => l!["fullName"]!.GetValue<string>()).Order());
        Assert.Equal("ann@example.com", leads.Single(l => l!["fullName"]!.GetValue<string>() == "Ann Web")!["email"]!.GetValue<string>());
        Assert.Equal(2, (await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={onCreate}")).Body!.AsArray().Count);
        var log = (await api.SendAsync(HttpMethod.Get, $"/trigger-log?workflowId={workflow}")).Body!.AsArray();
        Assert.Equal(2, log.Count(e => e!["event"]!.GetValue<string>() == "webForm" && e["outcome"]!.GetValue<string>() == "started"));
    }

    [Fact]
    public async Task Errors_name_the_posted_fields_and_spam_big_bodies_and_unknown_forms_are_refused()
    {
        var (api, workflow, formId) = await FormAsync("wf-form-refuse");

        var invalid = await PostAsync(api.Tenant, formId, new FormUrlEncodedContent(new Dictionary<string, string> { ["mail"] = "not an address" }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("name") && errors.ContainsKey("mail"), errors.ToJsonString());

        var spam = await PostAsync(api.Tenant, formId, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Bot", ["_gotcha"] = "http://spam.example" }));
        Assert.Equal(HttpStatusCode.Accepted, spam.StatusCode); // the same answer as a real post, so robots learn nothing
        var large = await PostAsync(api.Tenant, formId, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = new string('x', 70_000) }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        var unknown = await PostAsync(api.Tenant, Guid.NewGuid().ToString(), new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "X" }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var other = await WorkflowsClient.ForNewTenantAsync(app, "wf-form-other");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(other.Tenant, formId, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "X" }))).StatusCode);

        Assert.Empty((await api.ApiAsync(HttpMethod.Get, "/data/lead")).Body!["value"]!.AsArray());
        var log = (await api.SendAsync(HttpMethod.Get, $"/trigger-log?workflowId={workflow}")).Body!.AsArray();
        Assert.Contains(log, e => e!["reason"]!.GetValue<string>().Contains("honeypot", StringComparison.Ordinal));

        var bad = await api.SendAsync(HttpMethod.Post, string.Empty, new
        {
            name = "Bad form",
            trigger = new { type = "webForm", entity = "lead", fields = new Dictionary<string, string> { ["x"] = "nope", ["_gotcha"] = "fullName" } },
            steps = new object[] { new { id = "s", type = "stop" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.Body!["errors"]!["trigger.fields.x"]);
        Assert.NotNull(bad.Body["errors"]!["trigger.honeypot"]);
    }

    private async Task<HttpResponseMessage> PostAsync(string tenant, string formId, HttpContent content)
    {
        using (content)
        {
            return await app.ClientWithKey(null).PostAsync($"/t/{tenant}/api/forms/{formId}", content, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<T> AwaitAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The expected state was not reached.");
    }
}

[Collection(OnSqlite.Name)]
public sealed class WorkflowFormsOnSqlite(SqliteApp app) : WorkflowFormsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class WorkflowFormsOnPostgres(PostgresApp app) : WorkflowFormsSpec(app);
