using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Notifications;
using Saas.Platform.Security;
using Saas.Platform.Tests.Bulk;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Workflows;

namespace Saas.Platform.Tests.Notifications;

/// <summary>
/// Members are told when a record is assigned to them (its owner, or an owner-type field such as a task's assignee), on
/// every write path, never of what they assigned to themselves nor when the owner stays; each sees and marks only their own.
/// </summary>
public abstract class NotificationsSpec(PlatformApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Assigning_a_record_to_another_member_tells_them_once_with_the_record_name_and_who_assigned_it()
    {
        var world = await WorldAsync();
        var deal = await CreateAsync(world.Ana, world.Tenant, "deal", new { title = "Acme renewal" });

        var patched = await world.Ana.PatchAsJsonAsync($"/t/{world.Tenant}/api/data/deal/{deal}", new { ownerId = world.BoId.ToString() }, Cancel);
        patched.EnsureSuccessStatusCode();
        (await world.Ana.PatchAsJsonAsync($"/t/{world.Tenant}/api/data/deal/{deal}", new { title = "Acme renewal 2027" }, Cancel)).EnsureSuccessStatusCode(); // owner unchanged
        (await world.Ana.PatchAsJsonAsync($"/t/{world.Tenant}/api/data/deal/{deal}", new { ownerId = world.BoId.ToString() }, Cancel)).EnsureSuccessStatusCode(); // same owner again

        var bo = await ListAsync(world.Bo, world.Tenant);
        var notification = Assert.Single(bo.Items);
        Assert.Equal(1, bo.Unread);
        Assert.Equal(("assigned", "deal", deal, "Acme renewal"), (notification.Kind, notification.Entity, notification.RecordId, notification.RecordName));
        Assert.Equal(world.AnaName, notification.Actor);
        Assert.Null(notification.ReadAt);
        Assert.Empty((await ListAsync(world.Ana, world.Tenant)).Items);
    }

    [Fact]
    public async Task Nobody_is_told_of_what_they_assigned_to_themselves()
    {
        var world = await WorldAsync();
        var deal = await CreateAsync(world.Bo, world.Tenant, "deal", new { title = "Mine" }); // a member's own record is theirs
        (await world.Bo.PatchAsJsonAsync($"/t/{world.Tenant}/api/data/deal/{deal}", new { ownerId = world.BoId.ToString() }, Cancel)).EnsureSuccessStatusCode();
        await CreateAsync(world.Bo, world.Tenant, "task", new { subject = "Call back", assignee = world.BoId.ToString() });

        var bo = await ListAsync(world.Bo, world.Tenant);
        Assert.Empty(bo.Items);
        Assert.Equal(0, bo.Unread);
    }

    [Fact]
    public async Task A_record_created_for_a_member_and_a_task_assigned_to_one_tell_them_on_the_api_and_bulk_paths()
    {
        var world = await WorldAsync();
        var key = app.ClientWithKey(world.Key);
        await CreateAsync(key, world.Tenant, "deal", new { title = "From the key", ownerId = world.BoId.ToString() });
        var task = await CreateAsync(world.Ana, world.Tenant, "task", new { subject = "Call Acme" });
        (await world.Ana.PatchAsJsonAsync($"/t/{world.Tenant}/api/data/task/{task}", new { assignee = world.BoId.ToString() }, Cancel)).EnsureSuccessStatusCode();
        var job = await new BulkClient(key, world.Tenant).ImportAsync("task", $$"""{"subject":"Imported","assignee":"{{world.BoId}}"}""", BulkClient.Ndjson);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        var bo = await ListAsync(world.Bo, world.Tenant);
        Assert.Equal(3, bo.Unread);
        Assert.Equal(["Imported", "Call Acme", "From the key"], bo.Items.Select(n => n.RecordName)); // newest first
        Assert.Equal(["task", "task", "deal"], bo.Items.Select(n => n.Entity));
        Assert.Equal(world.AnaName, bo.Items[1].Actor);
    }

    [Fact]
    public async Task A_workflow_that_assigns_a_record_round_robin_tells_the_member_it_picked()
    {
        var world = await WorldAsync();
        var admin = app.ClientWithKey(world.Key);
        var team = (await (await admin.PostAsJsonAsync($"/t/{world.Tenant}/api/teams", new { name = "Closers" }, Cancel)).Content.ReadFromJsonAsync<JsonObject>(Cancel))!["id"]!.GetValue<string>();
        (await admin.PutAsync($"/t/{world.Tenant}/api/teams/{team}/members/{world.BoId}", null, Cancel)).EnsureSuccessStatusCode();
        var workflows = new WorkflowsClient(admin, world.Tenant);
        await workflows.PublishedAsync(new
        {
            name = "Route deals",
            trigger = new { type = "recordCreated", entity = "deal" },
            steps = new object[] { new { id = "route", type = "assignOwner", team } },
        });

        var deal = await CreateAsync(world.Ana, world.Tenant, "deal", new { title = "Routed deal" });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var bo = await ListAsync(world.Bo, world.Tenant);
        while (bo.Items.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Cancel);
            bo = await ListAsync(world.Bo, world.Tenant);
        }

        var notification = Assert.Single(bo.Items);
        Assert.Equal(("assigned", "deal", deal, "Routed deal"), (notification.Kind, notification.Entity, notification.RecordId, notification.RecordName));
        Assert.Empty((await ListAsync(world.Ana, world.Tenant)).Items);
    }

    [Fact]
    public async Task A_member_reads_one_or_all_and_the_list_pages_and_filters_unread()
    {
        var world = await WorldAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreateAsync(world.Ana, world.Tenant, "deal", new { title = $"Deal {i}", ownerId = world.BoId.ToString() });
        }

        var all = await ListAsync(world.Bo, world.Tenant);
        var read = await world.Bo.PostAsync($"/t/{world.Tenant}/api/notifications/{all.Items[0].Id}/read", null, Cancel);
        var again = await world.Bo.PostAsync($"/t/{world.Tenant}/api/notifications/{all.Items[0].Id}/read", null, Cancel);
        var unread = await ListAsync(world.Bo, world.Tenant, "?unread=true");
        var page = await ListAsync(world.Bo, world.Tenant, "?$top=1&$skip=1");
        var badTop = await world.Bo.GetAsync($"/t/{world.Tenant}/api/notifications?$top=101", Cancel);

        Assert.Equal(["Deal 3", "Deal 2", "Deal 1"], all.Items.Select(n => n.RecordName));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (read.StatusCode, again.StatusCode));
        Assert.Equal(2, unread.Unread);
        Assert.Equal(["Deal 2", "Deal 1"], unread.Items.Select(n => n.RecordName));
        Assert.Equal(["Deal 2"], page.Items.Select(n => n.RecordName));
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);

        // Read-all marks up to the newest one seen: one that came in after stays unread.
        await CreateAsync(world.Ana, world.Tenant, "deal", new { title = "Deal 4", ownerId = world.BoId.ToString() });
        var noUpTo = await world.Bo.PostAsJsonAsync($"/t/{world.Tenant}/api/notifications/read-all", new { }, Cancel);
        var readAll = await world.Bo.PostAsJsonAsync($"/t/{world.Tenant}/api/notifications/read-all", new { upTo = all.Items[0].Id }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, noUpTo.StatusCode);
        Assert.Equal(2, (await readAll.Content.ReadFromJsonAsync<ReadAllResponse>(Cancel))!.Marked);
        var after = await ListAsync(world.Bo, world.Tenant);
        Assert.Equal(1, after.Unread);
        Assert.Equal(["Deal 4"], after.Items.Where(n => n.ReadAt is null).Select(n => n.RecordName));
    }

    [Fact]
    public async Task Nobody_sees_or_marks_another_members_or_another_tenants_notifications_and_a_key_has_none()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        await CreateAsync(world.Ana, world.Tenant, "deal", new { title = "For Bo", ownerId = world.BoId.ToString() });
        var notification = Assert.Single((await ListAsync(world.Bo, world.Tenant)).Items);

        Assert.Equal(HttpStatusCode.NotFound, (await world.Ana.PostAsync($"/t/{world.Tenant}/api/notifications/{notification.Id}/read", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Bo.PostAsync($"/t/{world.Tenant}/api/notifications/{notification.Id}/read", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Bo.GetAsync($"/t/{world.Tenant}/api/notifications", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bo.PostAsync($"/t/{other.Tenant}/api/notifications/{notification.Id}/read", null, Cancel)).StatusCode);
        Assert.Empty((await ListAsync(world.Ana, world.Tenant)).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Ana.PostAsJsonAsync($"/t/{world.Tenant}/api/notifications/read-all", new { upTo = notification.Id }, Cancel)).StatusCode);
        var keyList = await ListAsync(app.ClientWithKey(world.Key), world.Tenant);
        Assert.Equal((0, 0), (keyList.Items.Count, keyList.Unread));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(world.Key).PostAsync($"/t/{world.Tenant}/api/notifications/{notification.Id}/read", null, Cancel)).StatusCode);
        Assert.Equal(1, (await ListAsync(world.Bo, world.Tenant)).Unread);
    }

    private static async Task<NotificationPage> ListAsync(HttpClient client, string tenant, string query = "")
    {
        var response = await client.GetAsync($"/t/{tenant}/api/notifications{query}", Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return (await response.Content.ReadFromJsonAsync<NotificationPage>(Cancel))!;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string tenant, string entity, object values)
    {
        var response = await client.PostAsJsonAsync($"/t/{tenant}/api/data/{entity}", values, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        return Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>());
    }

    private sealed record World(string Tenant, string Key, HttpClient Ana, string AnaName, HttpClient Bo, Guid BoId);

    /// <summary>A tenant with "deal" and "task" (an owner-type assignee) and two staff members signed in with bearer tokens.</summary>
    private async Task<World> WorldAsync()
    {
        var (tenant, key) = await app.CreateTenantAsync("notify");
        var admin = app.ClientWithKey(key);
        foreach (var (entity, label, fields) in new[]
        {
            ("deal", "Deal", new object[] { new { apiName = "title", label = new { en = "Title" }, type = "text" } }),
            ("task", "Task", new object[]
            {
                new { apiName = "subject", label = new { en = "Subject" }, type = "text" },
                new { apiName = "assignee", label = new { en = "Assignee" }, type = "owner" },
            }),
        })
        {
            var created = await admin.PostAsJsonAsync($"/t/{tenant.Identifier}/api/metadata/entities", new { apiName = entity, label = new { en = label }, pluralLabel = new { en = label + "s" }, fields }, Cancel);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Cancel));
        }

        var ana = await app.AddMemberAsync(tenant.Identifier, key, $"ana-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var bo = await app.AddMemberAsync(tenant.Identifier, key, $"bo-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        return new World(tenant.Identifier, key, await app.SignedInAsync(ana.Email), ana.DisplayName, await app.SignedInAsync(bo.Email), bo.UserId);
    }
}

[Collection(OnSqlite.Name)]
public sealed class NotificationsOnSqlite(SqliteApp app) : NotificationsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class NotificationsOnPostgres(PostgresApp app) : NotificationsSpec(app);
