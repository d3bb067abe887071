using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Access;

/// <summary>Scopes own, team and all on reads, updates, deletes, queries and the recycle bin; keys read at scope all.</summary>
public abstract class RecordScopesSpec(PlatformApp app)
{
    [Fact]
    public async Task Team_scope_reaches_the_records_of_everyone_in_a_team_with_the_caller()
    {
        var world = await AccessWorld.CreateAsync(app, "scope-team");
        await world.GiveAsync(TenantRoles.Staff, "Team sales", new Dictionary<string, object>
        {
            ["deal"] = new { create = true, read = true, update = true, delete = "own", scope = "team", otherFields = "edit" },
        });
        var alice = world.Records(await world.AsAsync(world.Alice));

        Assert.Equal(2, await world.CountAsync(await world.AsAsync(world.Alice)));
        Assert.Equal(1, await world.CountAsync(await world.AsAsync(world.Carol)));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("deal", world.Deals["bob"])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("deal", world.Deals["carol"])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PatchAsync("deal", world.Deals["carol"], new { amount = 1m })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync("deal", world.Deals["carol"])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.HistoryAsync("deal", world.Deals["carol"])).Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.PatchAsync("deal", world.Deals["bob"], new { amount = 1m })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync("deal", world.Deals["bob"])).Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync("deal", world.Deals["alice"])).Status);
        Assert.Equal(3, await world.CountAsync(world.Admin));
    }

    [Fact]
    public async Task Own_scope_shows_only_the_callers_records_in_lists_and_the_recycle_bin()
    {
        var world = await AccessWorld.CreateAsync(app, "scope-own");
        await world.GiveAsync(TenantRoles.Staff, "Own deals", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, update = true, delete = true, scope = "own", otherFields = "edit" },
        });
        var admin = world.Records(world.Admin);
        await admin.DeleteAsync("deal", world.Deals["bob"]);
        await admin.DeleteAsync("deal", world.Deals["alice"]);
        var alice = world.Records(await world.AsAsync(world.Alice));

        var bin = await alice.RecycleBinAsync("deal");
        var page = await world.Query(await world.AsAsync(world.Carol)).QueryAsync("deal");

        Assert.Equal([world.Deals["alice"].ToString()], bin.Body!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(["carol"], page.Titles);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.RestoreAsync("deal", world.Deals["bob"])).Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.RestoreAsync("deal", world.Deals["alice"])).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.CreateAsync("deal", new { title = "no create flag" })).Status);
        Assert.Single((await admin.RecycleBinAsync("deal")).Body!.AsArray());
    }

    [Fact]
    public async Task A_key_reads_every_record_its_role_may_read_and_owns_nothing_to_delete()
    {
        var world = await AccessWorld.CreateAsync(app, "scope-key");
        await world.GiveAsync(TenantRoles.Staff, "Team sales", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, update = true, delete = true, scope = "team", otherFields = "edit" },
        });
        var key = await world.KeyAsync(TenantRoles.Staff);

        Assert.Equal(4, await world.CountAsync(key));
        Assert.Equal(HttpStatusCode.OK, (await world.Records(key).GetAsync("deal", world.Deals["carol"])).Status);
        var delete = await world.Records(key).DeleteAsync("deal", world.Deals["carol"]);
        Assert.Equal(HttpStatusCode.Forbidden, delete.Status);
        Assert.Contains("an API key owns none", delete.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class RecordScopesOnSqlite(SqliteApp app) : RecordScopesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class RecordScopesOnPostgres(PostgresApp app) : RecordScopesSpec(app);
