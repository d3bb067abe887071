using System.Net;
using System.Net.Http.Json;
using Saas.Platform.Audit;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Access;

/// <summary>Permission sets are validated against the metadata, replace a role's defaults, add up across sets, and are audited.</summary>
public abstract class PermissionSetsApiSpec(PlatformApp app)
{
    [Fact]
    public async Task Bad_rules_are_400s_naming_the_json_path()
    {
        var world = await AccessWorld.CreateAsync(app, "sets-bad");

        (object Rules, string Path)[] cases =
        [
            // an entity that does not exist
            (new Dictionary<string, object> { ["nope"] = new { read = true } }, "rules.nope"),
            // a field the entity does not have
            (new Dictionary<string, object> { ["deal"] = new { read = true, fields = new { nope = "read" } } }, "rules.deal.fields.nope"),
            // a scope that is not own, team or all
            (new Dictionary<string, object> { ["deal"] = new { read = true, scope = "mine" } }, "rules.deal.scope"),
            // an action that is neither a flag nor a scope
            (new Dictionary<string, object> { ["deal"] = new { delete = "sometimes" } }, "rules.deal.delete"),
            // field access that is not edit, read or none
            (new Dictionary<string, object> { ["deal"] = new { read = true, otherFields = "write" } }, "rules.deal.otherFields"),
            // the rule for every entity cannot list fields
            (new Dictionary<string, object> { ["*"] = new { read = true, fields = new { title = "read" } } }, "rules.*.fields.title"),
            // a key no rule has
            (new Dictionary<string, object> { ["deal"] = new { reed = true } }, "rules.deal.reed"),
        ];
        foreach (var (rules, path) in cases)
        {
            var (status, body) = await world.SendAsync(HttpMethod.Post, "/permission-sets", new { name = "Bad", rules });
            Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {status} {body}");
            Assert.True(body!["errors"]![path] is not null, $"{path}: {body}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await world.SendAsync(HttpMethod.Post, "/permission-sets", new { name = " ", rules = new { } })).Status);
        Assert.Empty((await world.SendAsync(HttpMethod.Get, "/permission-sets")).Body!.AsArray());
    }

    [Fact]
    public async Task Custom_sets_replace_the_defaults_and_add_up_most_permissively()
    {
        var world = await AccessWorld.CreateAsync(app, "sets-union");
        await world.GiveAsync(TenantRoles.Staff, "Own deals with amounts", new Dictionary<string, object>
        {
            ["deal"] = new { read = "own", fields = new { title = "edit", amount = "read" } },
        });
        var alice = await world.AsAsync(world.Alice);
        var ownOnly = await world.CountAsync(alice);
        var ownRecord = (await world.Records(alice).GetAsync("deal", world.Deals["alice"])).Body!.AsObject();
        var noCompanies = await world.Records(alice).GetAsync("company", world.Company);

        await world.GiveAsync(TenantRoles.Staff, "Every record, no fields", new Dictionary<string, object>
        {
            ["*"] = new { read = true, otherFields = "none" },
        });
        var union = await world.CountAsync(alice);
        var unionRecord = (await world.Records(alice).GetAsync("deal", world.Deals["carol"])).Body!.AsObject();

        Assert.Equal(1, ownOnly);
        Assert.True(ownRecord.ContainsKey("amount"));
        Assert.False(ownRecord.ContainsKey("cost"));
        Assert.Equal(HttpStatusCode.Forbidden, noCompanies.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Records(alice).DeleteAsync("deal", world.Deals["alice"])).Status);
        Assert.Equal(4, union);
        Assert.True(unionRecord.ContainsKey("amount"));
        Assert.False(unionRecord.ContainsKey("cost"));
        Assert.Equal(HttpStatusCode.OK, (await world.Records(alice).GetAsync("company", world.Company)).Status);
    }

    [Fact]
    public async Task Sets_are_read_changed_and_deleted_by_admins_only_and_every_change_is_audited()
    {
        var world = await AccessWorld.CreateAsync(app, "sets-crud");
        var id = await world.GiveAsync(TenantRoles.ReadOnly, "Readers", new Dictionary<string, object> { ["deal"] = new { read = true, otherFields = "read" } });
        var staff = await world.AsAsync(world.Alice);

        var updated = await world.SendAsync(HttpMethod.Put, $"/permission-sets/{id}", new { name = "Readers", description = "读者", rules = new Dictionary<string, object> { ["deal"] = new { read = "own" } } });
        var read = await world.SendAsync(HttpMethod.Get, $"/permission-sets/{id}");
        var byStaff = await world.SendAsync(HttpMethod.Get, "/permission-sets", client: staff);
        var deleted = await world.SendAsync(HttpMethod.Delete, $"/permission-sets/{id}");
        var roles = (await world.SendAsync(HttpMethod.Get, "/roles")).Body!.AsArray();
        var audit = await world.Admin.GetFromJsonAsync<AuditRecord[]>($"/t/{world.Tenant}/api/audit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("own", read.Body!["rules"]!["deal"]!["read"]!.GetValue<string>());
        Assert.Equal(["readonly"], read.Body!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await world.SendAsync(HttpMethod.Get, $"/permission-sets/{id}")).Status);
        Assert.True(roles.Single(r => r!["role"]!.GetValue<string>() == "readonly")!["usesDefaults"]!.GetValue<bool>());
        Assert.Equal(4, await world.CountAsync(await world.AsAsync(world.Dora)));
        foreach (var action in new[] { "permissionset.created", "permissionset.updated", "permissionset.deleted", "role.permissionsets_changed" })
        {
            Assert.Contains(audit!, e => e.Action == action);
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class PermissionSetsApiOnSqlite(SqliteApp app) : PermissionSetsApiSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PermissionSetsApiOnPostgres(PostgresApp app) : PermissionSetsApiSpec(app);
