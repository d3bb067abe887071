using System.Net;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Access;

/// <summary>Roles without permission sets use their defaults: staff change everything and delete their own, read-only reads.</summary>
public abstract class DefaultPermissionsSpec(PlatformApp app)
{
    [Fact]
    public async Task Staff_read_and_update_every_record_and_delete_only_their_own()
    {
        var world = await AccessWorld.CreateAsync(app, "def-staff");
        var alice = world.Records(await world.AsAsync(world.Alice));

        var othersDeal = await alice.GetAsync("deal", world.Deals["carol"]);
        var updated = await alice.PatchAsync("deal", world.Deals["carol"], new { amount = 120m });
        var deleteOthers = await alice.DeleteAsync("deal", world.Deals["carol"]);
        var deleteOwn = await alice.DeleteAsync("deal", world.Deals["alice"]);
        var created = await alice.CreateAsync("deal", new { title = "new" });

        Assert.Equal(HttpStatusCode.OK, othersDeal.Status);
        Assert.Equal(60m, othersDeal.Body!["cost"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(HttpStatusCode.Forbidden, deleteOthers.Status);
        Assert.Contains("only own deal records", deleteOthers.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleteOwn.Status);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(4, await world.CountAsync(await world.AsAsync(world.Alice)));
    }

    [Fact]
    public async Task Read_only_members_read_everything_and_change_nothing()
    {
        var world = await AccessWorld.CreateAsync(app, "def-read");
        var dora = world.Records(await world.AsAsync(world.Dora));

        Assert.Equal(HttpStatusCode.OK, (await dora.GetAsync("deal", world.Deals["alice"])).Status);
        Assert.Equal(4, await world.CountAsync(await world.AsAsync(world.Dora)));
        Assert.Equal(HttpStatusCode.Forbidden, (await dora.CreateAsync("deal", new { title = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dora.PatchAsync("deal", world.Deals["dora"], new { title = "y" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dora.DeleteAsync("deal", world.Deals["dora"])).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dora.RestoreAsync("deal", world.Deals["dora"])).Status);
    }

    [Fact]
    public async Task Roles_list_their_defaults_until_they_are_given_sets_and_admin_always_keeps_full_access()
    {
        var world = await AccessWorld.CreateAsync(app, "def-roles");
        var before = (await world.SendAsync(HttpMethod.Get, "/roles")).Body!.AsArray();
        await world.GiveAsync("manager", "Companies only", new Dictionary<string, object> { ["company"] = new { read = true, otherFields = "read" } });
        var after = (await world.SendAsync(HttpMethod.Get, "/roles")).Body!.AsArray();
        var lockOut = await world.SendAsync(HttpMethod.Put, "/roles/admin", new { permissionSets = Array.Empty<Guid>() });

        Assert.Equal(["admin", "manager", "staff", "readonly"], before.Select(r => r!["role"]!.GetValue<string>()));
        Assert.All(before, r => Assert.True(r!["usesDefaults"]!.GetValue<bool>()));
        Assert.Contains("delete their own", before[2]!["defaults"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(after[1]!["usesDefaults"]!.GetValue<bool>());
        Assert.Equal("Companies only", after[1]!["permissionSets"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, lockOut.Status);
        Assert.Contains("always has full access", lockOut.Body!["errors"]!["role"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await world.Records(world.Admin).DeleteAsync("deal", world.Deals["carol"])).Status);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DefaultPermissionsOnSqlite(SqliteApp app) : DefaultPermissionsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class DefaultPermissionsOnPostgres(PostgresApp app) : DefaultPermissionsSpec(app);
