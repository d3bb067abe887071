using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;
using UUIDNext;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Versions and ETags, the recycle bin, history, uniqueness, auto-numbers, roles and tenants, through HTTP.</summary>
public abstract class RecordsLifecycleSpec(PlatformApp app)
{
    [Fact]
    public async Task A_stale_if_match_is_refused_and_a_fresh_one_goes_through()
    {
        var api = await ContactsAsync("rec-etag");
        var created = await api.CreatedAsync("contact", new { fullName = "Ada" });

        var fresh = await api.PatchAsync("contact", created.Id, new { fullName = "Ada L." }, ifMatch: "\"1\"");
        var stale = await api.PatchAsync("contact", created.Id, new { fullName = "Ada Lovelace" }, ifMatch: "\"1\"");
        var staleDelete = await api.DeleteAsync("contact", created.Id, ifMatch: "\"1\"");

        Assert.Equal((HttpStatusCode.OK, "\"2\"", 2), (fresh.Status, fresh.ETag, fresh.Body!["version"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Contains("version 2", stale.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.Status);
        Assert.Equal("Ada L.", (await api.GetAsync("contact", created.Id)).Body!["fullName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("contact", created.Id, new { fullName = "Ada Lovelace" }, ifMatch: "*")).Status);
    }

    [Fact]
    public async Task A_deleted_record_sits_in_the_recycle_bin_until_restored_or_purged()
    {
        var api = await ContactsAsync("rec-bin");
        var first = await api.CreatedAsync("contact", new { fullName = "First", email = "first@example.com" });
        var second = await api.CreatedAsync("contact", new { fullName = "Second" });

        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync("contact", first.Id, purge: true)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("contact", first.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("contact", second.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("contact", first.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PatchAsync("contact", first.Id, new { fullName = "x" })).Status);
        var bin = (await api.RecycleBinAsync("contact")).Body!.AsArray();
        Assert.Equal([second.Id.ToString(), first.Id.ToString()], bin.Select(r => r!["id"]!.GetValue<string>()));
        Assert.NotNull(bin[0]!["deletedAt"]);

        var restored = await api.RestoreAsync("contact", first.Id);
        Assert.Equal((HttpStatusCode.OK, "\"3\""), (restored.Status, restored.ETag));
        Assert.Equal("First", (await api.GetAsync("contact", first.Id)).Body!["fullName"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("contact", second.Id, purge: true)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.RestoreAsync("contact", second.Id)).Status);
        Assert.Empty((await api.RecycleBinAsync("contact")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await api.HistoryAsync("contact", second.Id)).Status);
    }

    [Fact]
    public async Task History_keeps_every_change_with_old_and_new_values_and_who_made_it()
    {
        var api = await ContactsAsync("rec-history");
        var created = await api.CreatedAsync("contact", new { fullName = "Grace", email = "grace@example.com" });
        await api.PatchAsync("contact", created.Id, new { fullName = "Grace Hopper" });
        await api.DeleteAsync("contact", created.Id);
        await api.RestoreAsync("contact", created.Id);

        var history = (await api.HistoryAsync("contact", created.Id)).Body!.AsArray();

        Assert.Equal(["deletedAt", "deletedAt", "fullName", "email", "fullName"], history.Select(h => h!["field"]!.GetValue<string>()));
        Assert.Equal([4, 3, 2, 1, 1], history.Select(h => h!["version"]!.GetValue<int>()));
        Assert.Equal(("Grace", "Grace Hopper"), (history[2]!["oldValue"]!.GetValue<string>(), history[2]!["newValue"]!.GetValue<string>()));
        Assert.Null(history[4]!["oldValue"]);
        Assert.Null(history[0]!["newValue"]);
        Assert.All(history, h => Assert.StartsWith("api-key:", h!["changedBy"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(history[3]!["changeId"]!.GetValue<string>(), history[4]!["changeId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_unique_value_is_held_by_one_record_until_it_is_purged()
    {
        var api = await ContactsAsync("rec-unique");
        var first = await api.CreatedAsync("contact", new { fullName = "A", email = "same@example.com" });
        var second = await api.CreatedAsync("contact", new { fullName = "B", email = "other@example.com" });

        var duplicate = await api.CreateAsync("contact", new { fullName = "C", email = "SAME@example.com" });
        var changedToTaken = await api.PatchAsync("contact", second.Id, new { email = "same@example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Contains($"record {first.Id} already has this value", duplicate.Messages("email"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, changedToTaken.Status);

        await api.DeleteAsync("contact", first.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateAsync("contact", new { fullName = "C", email = "same@example.com" })).Status);
        await api.DeleteAsync("contact", first.Id, purge: true);
        await api.CreatedAsync("contact", new { fullName = "C", email = "same@example.com" });
    }

    [Fact]
    public async Task Auto_numbers_count_up_without_gaps_or_duplicates_under_concurrent_creates()
    {
        var api = await RecordsClient.ForNewTenantAsync(app, "rec-number");
        await api.Metadata.CreateEntityAsync("invoice", Field("memo", "text"), Field("number", "autoNumber", new { pattern = "INV-{0000}" }));

        var first = await api.CreatedAsync("invoice", new { memo = "first" });
        var parallel = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => api.CreateAsync("invoice", new { memo = $"parallel {i}" })));

        Assert.Equal("INV-0001", first.Body!["number"]!.GetValue<string>());
        Assert.All(parallel, p => Assert.Equal(HttpStatusCode.Created, p.Status));
        Assert.Equal(
            Enumerable.Range(2, 20).Select(n => $"INV-{n:0000}"),
            parallel.Select(p => p.Body!["number"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_lookup_to_a_record_of_another_tenant_is_not_found()
    {
        var api = await ContactsAsync("rec-lookup-a");
        var other = await ContactsAsync("rec-lookup-b");
        var theirs = await other.CreatedAsync("contact", new { fullName = "Not yours" });
        var mine = await api.CreatedAsync("contact", new { fullName = "Mine" });

        var answer = await api.CreateAsync("contact", new { fullName = "Linked", manager = theirs.Id.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains($"there is no contact record {theirs.Id}", answer.Messages("manager"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await api.CreateAsync("contact", new { fullName = "Linked", manager = mine.Id.ToString() })).Status);
    }

    [Fact]
    public async Task A_read_only_member_reads_but_cannot_write_and_a_staff_member_owns_what_they_create()
    {
        var (tenant, key) = await app.CreateTenantAsync("rec-roles");
        var api = new RecordsClient(app.ClientWithKey(key), tenant.Identifier);
        await api.Metadata.CreateEntityAsync("contact", Field("fullName", "text"), Field("rep", "owner"));
        var record = await api.CreatedAsync("contact", new { fullName = "Shared" });
        var readerEmail = $"reader-{Guid.NewGuid():N}@example.com";
        var staffEmail = $"staff-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(tenant.Identifier, key, readerEmail, TenantRoles.ReadOnly);
        var staff = await app.AddMemberAsync(tenant.Identifier, key, staffEmail, TenantRoles.Staff);
        var reader = api.As(await app.SignedInAsync(readerEmail));
        var writer = api.As(await app.SignedInAsync(staffEmail));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("contact", record.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await reader.HistoryAsync("contact", record.Id)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.CreateAsync("contact", new { fullName = "No" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PatchAsync("contact", record.Id, new { fullName = "No" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("contact", record.Id)).Status);

        var own = await writer.CreatedAsync("contact", new { fullName = "Staff's" });
        Assert.Equal(staff.UserId.ToString(), own.Body!["ownerId"]!.GetValue<string>());
        Assert.Equal(staff.UserId.ToString(), own.Body!["rep"]!.GetValue<string>());
        Assert.Equal(staffEmail, own.Body!["createdBy"]!.GetValue<string>());
        var handedOver = await api.PatchAsync("contact", record.Id, new { ownerId = staff.UserId.ToString() });
        Assert.Equal(staff.UserId.ToString(), handedOver.Body!["ownerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_tenants_key_finds_nothing_on_this_tenants_record_routes()
    {
        var api = await ContactsAsync("rec-tenant-a");
        var (_, otherKey) = await app.CreateTenantAsync("rec-tenant-b");
        var record = await api.CreatedAsync("contact", new { fullName = "Private" });
        var intruder = api.As(app.ClientWithKey(otherKey));

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync("contact", record.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PatchAsync("contact", record.Id, new { fullName = "Mine now" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync("contact", record.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.HistoryAsync("contact", record.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("nothing", record.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("contact", Uuid.NewSequential())).Status);
        Assert.Equal("Private", (await api.GetAsync("contact", record.Id)).Body!["fullName"]!.GetValue<string>());
    }

    private async Task<RecordsClient> ContactsAsync(string prefix)
    {
        var api = await RecordsClient.ForNewTenantAsync(app, prefix);
        await api.Metadata.CreateEntityAsync("contact",
            Field("fullName", "text", required: true), Field("email", "email", unique: true), Field("manager", "lookup", new { targetEntity = "contact" }));
        return api;
    }
}

[Collection(OnSqlite.Name)]
public sealed class RecordsLifecycleOnSqlite(SqliteApp app) : RecordsLifecycleSpec(app);

[Collection(OnPostgres.Name)]
public sealed class RecordsLifecycleOnPostgres(PostgresApp app) : RecordsLifecycleSpec(app);
