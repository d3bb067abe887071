using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Workflows;

/// <summary><c>GET /api/workflows/approvals/mine</c>: the approvals waiting on the signed-in member, and only theirs.</summary>
public abstract class ApprovalInboxSpec(ClockedApp app)
{
    [Fact]
    public async Task An_approval_waits_in_its_approvers_inbox_only_until_it_is_decided()
    {
        var (tenant, adminKey) = await app.CreateTenantAsync("inbox");
        var created = tenant.Identifier;
        var api = new WorkflowsClient(app.ClientWithKey(adminKey), created);
        var boss = $"boss-{Guid.NewGuid():N}@example.com";
        var clerk = $"clerk-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(created, adminKey, boss, "manager");
        await app.AddMemberAsync(created, adminKey, clerk, "staff");
        await api.Records.Metadata.CreateEntityAsync("discount", Field("title", "text"));
        await api.PublishedAsync(new
        {
            name = "Approve discounts",
            trigger = new { type = "recordCreated", entity = "discount" },
            steps = new object[] { new { id = "ask", type = "approval", approvers = new[] { boss }, approved = Array.Empty<object>(), rejected = Array.Empty<object>() } },
        });
        var record = await api.Records.CreatedAsync("discount", new { title = "Ten off" });

        var bossClient = await app.SignedInAsync(boss);
        var mine = await WaitingOnAsync(bossClient, created, expected: 1);
        var waiting = Assert.Single(mine.EnumerateArray());
        Assert.Equal("Approve discounts", waiting.GetProperty("workflowName").GetString());
        Assert.Equal("discount", waiting.GetProperty("entity").GetString());
        Assert.Equal(record.Id.ToString(), waiting.GetProperty("recordId").GetString());
        Assert.Equal("ask", waiting.GetProperty("step").GetString());

        // Neither another member nor an API key is an approver of it.
        Assert.Empty((await WaitingOnAsync(await app.SignedInAsync(clerk), created, expected: 0)).EnumerateArray());
        var asKey = await app.ClientWithKey(adminKey).GetAsync($"/t/{created}/api/workflows/approvals/mine", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, asKey.StatusCode);
        Assert.Empty((await asKey.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).EnumerateArray());

        var decided = await bossClient.PostAsJsonAsync(
            $"/t/{created}/api/workflows/runs/{waiting.GetProperty("runId").GetString()}/approvals", new { decision = "approve", comment = "fine" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Empty((await WaitingOnAsync(bossClient, created, expected: 0)).EnumerateArray());
    }

    /// <summary>The run reaches its approval in the background: asks until the inbox holds the expected count.</summary>
    private static async Task<JsonElement> WaitingOnAsync(HttpClient person, string tenant, int expected)
    {
        JsonElement answer = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            answer = await person.GetFromJsonAsync<JsonElement>($"/t/{tenant}/api/workflows/approvals/mine", TestContext.Current.CancellationToken);
            if (answer.GetArrayLength() == expected)
            {
                break;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return answer;
    }
}

[Collection(ClockedOnSqlite.Name)]
public sealed class ApprovalInboxOnSqlite(ClockedSqliteApp app) : ApprovalInboxSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class ApprovalInboxOnPostgres(ClockedPostgresApp app) : ApprovalInboxSpec(app);
