using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary>Workflow definitions through the HTTP API: drafts, published versions, validation with precise errors, admins only.</summary>
public abstract class WorkflowDefinitionsSpec(PlatformApp app)
{
    private static readonly string[] ChangedFields = ["stage", "nope"];
    private static readonly string[] Strangers = ["stranger@example.com"];

    internal static async Task<WorkflowsClient> LeadsAsync(PlatformApp app, string prefix)
    {
        var api = await WorkflowsClient.ForNewTenantAsync(app, prefix);
        await api.Records.Metadata.CreateEntityAsync(
            "lead",
            Field("fullName", "text"),
            Field("email", "text"),
            Field("stage", "text"),
            Field("amount", "number", new { precision = 12, scale = 2 }));
        return api;
    }

    internal static object Welcome(string name = "Welcome lead", string stage = "'contacted'") => new
    {
        name,
        trigger = new { type = "recordCreated", entity = "lead", condition = "amount gt 100" },
        variables = new { greeting = "Hello" },
        steps = new object[]
        {
            new { id = "mark", type = "updateFields", values = new Dictionary<string, string> { ["stage"] = stage } },
        },
    };

    [Fact]
    public async Task A_draft_is_published_as_immutable_versions_and_the_previous_one_is_archived()
    {
        var api = await LeadsAsync(app, "wf-versions");
        var id = await api.CreatedAsync(Welcome());

        var draft = (await api.SendAsync(HttpMethod.Get, $"/{id}")).Body!;
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.Equal("amount gt 100", draft["draft"]!["trigger"]!["condition"]!.GetValue<string>());

        var first = await api.SendAsync(HttpMethod.Post, $"/{id}/publish");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(1, first.Body!["publishedVersion"]!.GetValue<int>());
        Assert.False(first.Body["draftChanged"]!.GetValue<bool>());

        var edited = await api.SendAsync(HttpMethod.Put, $"/{id}", Welcome("Welcome lead v2", "'qualified'"));
        Assert.Equal(HttpStatusCode.OK, edited.Status);
        Assert.True(edited.Body!["draftChanged"]!.GetValue<bool>());
        Assert.Equal(1, edited.Body["publishedVersion"]!.GetValue<int>());

        var second = (await api.SendAsync(HttpMethod.Post, $"/{id}/publish")).Body!;
        Assert.Equal(2, second["publishedVersion"]!.GetValue<int>());
        Assert.Equal(["archived", "published"], second["versions"]!.AsArray().Select(v => v!["status"]!.GetValue<string>()));

        var v1 = (await api.SendAsync(HttpMethod.Get, $"/{id}/versions/1")).Body!;
        Assert.Equal("'contacted'", v1["document"]!["steps"]![0]!["values"]!["stage"]!.GetValue<string>());
        Assert.Equal("Welcome lead", v1["document"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/{id}/versions/3")).Status);

        var list = (await api.SendAsync(HttpMethod.Get, string.Empty)).Body!.AsArray();
        var listed = Assert.Single(list);
        Assert.Equal("recordCreated", listed!["triggerType"]!.GetValue<string>());
        Assert.Equal("published", listed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_definition_change_is_audited_and_a_deleted_workflow_is_gone()
    {
        var api = await LeadsAsync(app, "wf-audit");
        var id = await api.PublishedAsync(Welcome());
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/{id}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Post, $"/{id}/publish")).Status);
        var audit = await api.Records.Metadata.AuditAsync();
        var actions = audit.Where(e => e.Target == id.ToString()).Select(e => e.Action).ToList();
        Assert.Equal(["workflow.deleted", "workflow.published", "workflow.created"], actions);
    }

    [Fact]
    public async Task A_definition_with_problems_is_refused_with_every_problem_keyed_by_its_path()
    {
        var api = await LeadsAsync(app, "wf-invalid");
        var answer = await api.SendAsync(HttpMethod.Post, string.Empty, new
        {
            name = "Broken",
            trigger = new { type = "recordUpdated", entity = "lead", changedFields = ChangedFields, condition = "amount gt" },
            steps = new object[]
            {
                new
                {
                    id = "check", type = "if", condition = "stage eq 1 and",
                    then = new object[] { new { id = "set", type = "updateFields", values = new Dictionary<string, string> { ["colour"] = "'red'", ["stage"] = "missing eq 1" } } },
                },
                new { id = "ask", type = "approval", approvers = Array.Empty<string>() },
                new { id = "ask2", type = "approval", approvers = Strangers },
                new { id = "make", type = "createRecord", entity = "invoice", values = new Dictionary<string, string> { ["x"] = "1" } },
                new { id = "mail", type = "sendEmail", to = "{{ record.email }}", subject = "{% if %}", body = "Hi" },
                new { id = "pause", type = "wait", duration = "soon" },
                new { id = "end", type = "stop" },
                new { id = "set", type = "frobnicate" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("has no field 'nope'", answer.Messages("trigger.changedFields"), StringComparison.Ordinal);
        Assert.Contains("position", answer.Messages("trigger.condition"), StringComparison.Ordinal);
        Assert.NotEmpty(answer.Messages("steps[0].condition"));
        Assert.Contains("has no field 'colour'", answer.Messages("steps[0].then[0].values.colour"), StringComparison.Ordinal);
        Assert.NotEmpty(answer.Messages("steps[0].then[0].values.stage"));
        Assert.Contains("at least one approver", answer.Messages("steps[1].approvers"), StringComparison.Ordinal);
        Assert.Contains("'stranger@example.com' is not a member", answer.Messages("steps[2].approvers"), StringComparison.Ordinal);
        Assert.Contains("no entity 'invoice'", answer.Messages("steps[3].entity"), StringComparison.Ordinal);
        Assert.Contains("Liquid", answer.Messages("steps[4].subject"), StringComparison.Ordinal);
        Assert.NotEmpty(answer.Messages("steps[5].duration"));
        Assert.Contains("unreachable", answer.Messages("steps[7]"), StringComparison.Ordinal);
        Assert.Contains("already has the id 'set'", answer.Messages("steps[7].id"), StringComparison.Ordinal);
        Assert.Contains("step type must be one of", answer.Messages("steps[7].type"), StringComparison.Ordinal);
        Assert.Empty((await api.SendAsync(HttpMethod.Get, string.Empty)).Body!.AsArray());
    }

    [Fact]
    public async Task A_definition_needs_a_name_a_trigger_on_a_known_entity_and_steps()
    {
        var api = await LeadsAsync(app, "wf-empty");

        var answer = await api.SendAsync(HttpMethod.Post, string.Empty, new { trigger = new { type = "whenever", entity = "ghost" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.NotEmpty(answer.Messages("name"));
        Assert.NotEmpty(answer.Messages("trigger.type"));
        Assert.Contains("no entity 'ghost'", answer.Messages("trigger.entity"), StringComparison.Ordinal);
        Assert.NotEmpty(answer.Messages("steps"));
    }

    [Fact]
    public async Task Only_admins_manage_workflows()
    {
        var (tenant, key) = await app.CreateTenantAsync("wf-staff");
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, key, email, TenantRoles.Staff);
        var staff = await app.SignedInAsync(email);

        var list = await staff.GetAsync($"/t/{tenant.Identifier}/api/workflows", TestContext.Current.CancellationToken);
        var create = await staff.PostAsJsonAsync($"/t/{tenant.Identifier}/api/workflows", JsonSerializer.Deserialize<JsonElement>("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class WorkflowDefinitionsOnSqlite(SqliteApp app) : WorkflowDefinitionsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class WorkflowDefinitionsOnPostgres(PostgresApp app) : WorkflowDefinitionsSpec(app);
