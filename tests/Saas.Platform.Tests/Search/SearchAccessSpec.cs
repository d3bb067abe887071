using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Access;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Search;

/// <summary>Search finds and shows only what the caller may read: their scope, their readable fields, their entities.</summary>
public abstract class SearchAccessSpec(PlatformApp app)
{
    [Fact]
    public async Task A_hidden_field_neither_matches_nor_shows_and_a_hidden_name_is_null()
    {
        var world = await AccessWorld.CreateAsync(app, "search-fls");
        var notes = world.Records(world.Admin);
        await notes.Metadata.CreateEntityAsync("note", Field("title", "text"), Field("body", "longText"), Field("secret", "email"));
        var note = (await notes.CreatedAsync("note", new { title = "Orchid plan", body = "The orchid launch", secret = "orchid.kestrel@example.com" })).Id;
        await world.GiveAsync(TenantRoles.Staff, "No secrets", new Dictionary<string, object>
        {
            ["note"] = new { read = true, fields = new { secret = "none" }, otherFields = "read" },
        });
        await world.GiveAsync(TenantRoles.ReadOnly, "No titles", new Dictionary<string, object>
        {
            ["note"] = new { read = true, fields = new { title = "none" }, otherFields = "read" },
        });
        var alice = new SearchClient(await world.AsAsync(world.Alice), world.Tenant);
        var dora = new SearchClient(await world.AsAsync(world.Dora), world.Tenant);
        var admin = new SearchClient(world.Admin, world.Tenant);

        Assert.Equal([note], (await admin.FoundAsync("kestrel")).Ids);
        Assert.Empty((await alice.FoundAsync("kestrel")).Ids);
        var seen = (await alice.FoundAsync("orchid")).Hit(note);
        Assert.Equal(["title", "body"], seen["matches"]!.AsArray().Select(m => m!["field"]!.GetValue<string>()));
        Assert.Equal("Orchid plan", seen["name"]!.GetValue<string>());
        Assert.Equal(3, (await admin.FoundAsync("orchid")).Hit(note)["matches"]!.AsArray().Count);

        var nameless = (await dora.FoundAsync("orchid")).Hit(note);
        Assert.Null(nameless["name"]);
        Assert.Equal(["secret", "body"], nameless["matches"]!.AsArray().Select(m => m!["field"]!.GetValue<string>()));
        Assert.Empty((await dora.FoundAsync("plan")).Ids);
    }

    [Fact]
    public async Task Own_scope_finds_only_the_callers_records_and_all_scope_finds_every_one()
    {
        var world = await AccessWorld.CreateAsync(app, "search-scope");
        await world.GiveAsync(TenantRoles.Staff, "Own deals", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, scope = "own", otherFields = "read" },
        });
        var carol = new SearchClient(await world.AsAsync(world.Carol), world.Tenant);
        var key = new SearchClient(await world.KeyAsync(TenantRoles.Staff), world.Tenant);
        var dora = new SearchClient(await world.AsAsync(world.Dora), world.Tenant);

        Assert.Equal([world.Deals["carol"]], (await carol.FoundAsync("carol")).Ids);
        Assert.Empty((await carol.FoundAsync("alice")).Ids);
        Assert.Empty((await carol.FoundAsync("bob")).Ids);
        Assert.Equal([world.Deals["alice"]], (await key.FoundAsync("alice")).Ids);
        Assert.Equal([world.Deals["bob"]], (await dora.FoundAsync("bob")).Ids);
    }

    [Fact]
    public async Task An_entity_the_caller_may_not_read_is_left_out_and_naming_it_is_a_403()
    {
        var world = await AccessWorld.CreateAsync(app, "search-entity");
        await world.GiveAsync(TenantRoles.Staff, "Deals only", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, otherFields = "read" },
        });
        var alice = new SearchClient(await world.AsAsync(world.Alice), world.Tenant);
        var admin = new SearchClient(world.Admin, world.Tenant);

        Assert.Equal(["company"], (await admin.FoundAsync("acme")).Entities);
        Assert.Empty((await alice.FoundAsync("acme")).Groups);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.SearchAsync("acme", entity: "company")).Status);
    }
}

[Collection(OnSqlite.Name)]
public sealed class SearchAccessOnSqlite(SqliteApp app) : SearchAccessSpec(app);

[Collection(OnPostgres.Name)]
public sealed class SearchAccessOnPostgres(PostgresApp app) : SearchAccessSpec(app);
