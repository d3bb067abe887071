using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Metadata;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Metadata;

/// <summary>What a PATCH may change and what it may not; every change bumps the version and is audited.</summary>
public abstract class MetadataChangesSpec(PlatformApp app)
{
    private static readonly object Stage = new
    {
        values = new object[]
        {
            new { apiName = "open", label = new { en = "Open" }, isDefault = true },
            new { apiName = "won", label = new { en = "Won" } },
        },
    };

    [Fact]
    public async Task Labels_flags_and_settings_change_through_patch()
    {
        var api = await ForNewTenantAsync(app, "patch");
        await api.CreateEntityAsync("deal", Field("stage", "picklist", Stage), Field("code", "text"));

        var entity = await api.PatchAsync("/deal", new { label = new Dictionary<string, string> { ["en"] = "Deal", ["zh-CN"] = "交易" }, icon = "coins", apiName = "deal" });
        var code = await api.PatchAsync("/deal/fields/code", new { unique = true, required = true, helpText = new { en = "Unique per deal" }, settings = new { maxLength = 20 } });
        var stage = await api.PatchAsync("/deal/fields/stage", new
        {
            settings = new
            {
                values = new object[]
                {
                    new { apiName = "open", label = new { en = "Open" }, isActive = false },
                    new { apiName = "won", label = new { en = "Won" }, isDefault = true },
                    new { apiName = "lost", label = new Dictionary<string, string> { ["en"] = "Lost", ["zh-CN"] = "输单" } },
                },
            },
        });

        Assert.Equal(HttpStatusCode.OK, entity.Status);
        Assert.Equal("交易", entity.Body!["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("coins", entity.Body["icon"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, code.Status);
        Assert.Equal((true, true, true), (code.Body!["unique"]!.GetValue<bool>(), code.Body["indexed"]!.GetValue<bool>(), code.Body["required"]!.GetValue<bool>()));
        Assert.Equal("""{"maxLength":20}""", code.Body["settings"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, stage.Status);
        var values = stage.Body!["settings"]!["values"]!.AsArray();
        Assert.Equal(["open:false:false", "won:true:true", "lost:true:false"],
            values.Select(v => $"{v!["apiName"]}:{v["isActive"]}:{v["isDefault"]}"));
    }

    [Theory]
    [InlineData("/deal", """{ "apiName": "bigDeal" }""", "apiName", "cannot change")] // renaming an entity
    [InlineData("/deal/fields/code", """{ "apiName": "reference" }""", "apiName", "cannot change")] // renaming a field
    [InlineData("/deal/fields/code", """{ "type": "boolean" }""", "type", "cannot become boolean")] // a type change that cannot convert the values
    [InlineData("/deal/fields/number", """{ "type": "text" }""", "type", "cannot change")] // a type whose values convert to nothing
    [InlineData("/deal/fields/stage", """{ "settings": { "values": [{ "apiName": "won", "label": { "en": "Won" } }] } }""", "settings.values", "isActive to false")] // removing a picklist value
    [InlineData("/deal/fields/account", """{ "settings": { "targetEntity": "deal" } }""", "settings.targetEntity", "cannot change")] // re-pointing a lookup
    [InlineData("/deal/fields/code", """{ "indexed": false, "unique": true }""", "indexed", "always indexed")] // flags are checked on the result
    [InlineData("/deal/fields/number", """{ "readOnly": false }""", "readOnly", "always readOnly")] // autoNumber flags stay
    [InlineData("/deal/fields/code", """{ "settings": { "pattern": "X{0}" } }""", "settings.pattern", "maxLength")] // settings stay typed by the field's type
    [InlineData("/deal/fields/code", """{ "defaultValue": "A" }""", "defaultValue", "cannot read fields")] // a default value is an expression without fields
    public async Task A_patch_that_breaks_a_rule_is_a_400_naming_the_path(string path, string body, string errorPath, string reason)
    {
        var api = await ForNewTenantAsync(app, "patchrules");
        await api.CreateEntityAsync("account");
        await api.CreateEntityAsync("deal", Field("code", "text"), Field("stage", "picklist", Stage),
            Field("account", "lookup", new { targetEntity = "account" }), Field("number", "autoNumber", new { pattern = "D-{000}" }));

        var answer = await api.PatchAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(reason, answer.Messages(errorPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_bumps_the_version_and_the_next_request_on_another_node_sees_it()
    {
        var api = await ForNewTenantAsync(app, "version");
        using var otherNode = app.WithWebHostBuilder(_ => { }); // a second host on the same database, with its own cache
        var elsewhere = api.Through(otherNode.CreateClient());

        Assert.Equal(0, (await elsewhere.GetAsync()).Version);
        var created = await api.PostAsync(string.Empty, new { apiName = "deal", label = new { en = "Deal" }, pluralLabel = new { en = "Deals" } });
        Assert.Equal(1, created.Version);
        Assert.Equal(1, (await elsewhere.GetAsync()).Version);

        await api.PatchAsync("/deal", new { label = new { en = "Opportunity" } });
        var seen = await elsewhere.GetAsync("/deal");
        Assert.Equal(2, seen.Version);
        Assert.Equal("Opportunity", seen.Body!["label"]!["en"]!.GetValue<string>());

        Assert.Equal(2, (await api.PatchAsync("/deal", new { label = new { en = "Opportunity" } })).Version); // nothing changed, nothing bumped
        await api.PostAsync("/deal/fields", Field("amount", "currency"));
        Assert.Equal(3, (await elsewhere.GetAsync("/deal/fields/amount")).Version);
    }

    [Fact]
    public async Task A_snapshot_is_shared_while_its_version_holds_and_replaced_when_it_changes()
    {
        var (created, key) = await app.CreateTenantAsync("snapshot");
        var api = new MetadataClient(app.ClientWithKey(key), created.Identifier);
        await api.CreateEntityAsync("deal");
        var tenant = await app.TenantAsync(created.Identifier);

        var first = await app.InTenantAsync(tenant, sp => sp.GetRequiredService<IMetadataService>().GetSnapshotAsync(CancellationToken.None));
        var second = await app.InTenantAsync(tenant, sp => sp.GetRequiredService<IMetadataService>().GetSnapshotAsync(CancellationToken.None));
        await api.PatchAsync("/deal", new { icon = "star" });
        var third = await app.InTenantAsync(tenant, sp => sp.GetRequiredService<IMetadataService>().GetSnapshotAsync(CancellationToken.None));

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Null(first.FindEntity("deal")!.Icon);
        Assert.Equal("star", third.FindEntity("DEAL")!.Icon);
        Assert.Equal(first.Version + 1, third.Version);
    }

    [Fact]
    public async Task Every_change_is_audited()
    {
        var api = await ForNewTenantAsync(app, "audit");
        await api.CreateEntityAsync("deal", Field("code", "text"));
        await api.PatchAsync("/deal", new { icon = "star" });
        await api.PostAsync("/deal/fields", Field("amount", "currency"));
        await api.PatchAsync("/deal/fields/amount", new { required = true });
        await api.DeleteAsync("/deal/fields/amount");
        await api.PostAsync("/deal/fields/amount/restore", null);
        await api.DeleteAsync("/deal/fields/amount");
        await api.DeleteAsync("/deal/fields/amount?purge=true");
        await api.DeleteAsync("/deal");
        await api.PostAsync("/deal/restore", null);
        await api.DeleteAsync("/deal");
        await api.DeleteAsync("/deal?purge=true");

        var audit = await api.AuditAsync();

        Assert.Equal(
            [
                "metadata.entity.created deal", "metadata.field.created deal.code", "metadata.entity.updated deal",
                "metadata.field.created deal.amount", "metadata.field.updated deal.amount", "metadata.field.deleted deal.amount",
                "metadata.field.restored deal.amount", "metadata.field.deleted deal.amount", "metadata.field.purged deal.amount",
                "metadata.entity.deleted deal", "metadata.entity.restored deal", "metadata.entity.deleted deal", "metadata.entity.purged deal",
            ],
            audit.Where(e => e.Action.StartsWith("metadata.", StringComparison.Ordinal)).Reverse().Select(e => $"{e.Action} {e.Target}"));
        Assert.Contains(audit, e => e.Action == "metadata.field.updated" && e.Details == "version 4; changed required");
        Assert.All(audit.Where(e => e.Action.StartsWith("metadata.", StringComparison.Ordinal)), e => Assert.StartsWith("api-key:", e.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_cannot_see_use_or_change_another_tenants_metadata()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("meta-a");
        var (b, keyOfB) = await app.CreateTenantAsync("meta-b");
        var apiOfA = new MetadataClient(app.ClientWithKey(keyOfA), a.Identifier);
        var apiOfB = new MetadataClient(app.ClientWithKey(keyOfB), b.Identifier);
        await apiOfA.CreateEntityAsync("secretDeal", Field("code", "text"));

        var lookup = await apiOfB.PostAsync(string.Empty, new { apiName = "spy", label = new { en = "Spy" }, pluralLabel = new { en = "Spies" },
            fields = new[] { Field("target", "lookup", new { targetEntity = "secretDeal" }) } });
        Assert.Equal(HttpStatusCode.BadRequest, lookup.Status);
        Assert.Contains("no entity 'secretDeal'", lookup.Messages("fields[0].settings.targetEntity"), StringComparison.Ordinal);
        Assert.Empty((await apiOfB.GetAsync()).Body!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await apiOfB.GetAsync("/secretDeal")).Status);

        var intruder = new MetadataClient(app.ClientWithKey(keyOfB), a.Identifier);
        foreach (var (method, path, body) in new (string, string, object?)[]
        {
            ("GET", "", null), ("POST", "", new { apiName = "x1" }), ("GET", "/secretDeal", null), ("PATCH", "/secretDeal", new { icon = "x" }),
            ("DELETE", "/secretDeal", null), ("POST", "/secretDeal/restore", null), ("GET", "/secretDeal/fields", null),
            ("POST", "/secretDeal/fields", Field("x2", "text")), ("GET", "/secretDeal/fields/code", null),
            ("PATCH", "/secretDeal/fields/code", new { required = true }), ("DELETE", "/secretDeal/fields/code", null),
            ("POST", "/secretDeal/fields/code/restore", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(new HttpMethod(method), path, body)).Status);
        }

        var stillThere = (await apiOfA.GetAsync("/secretDeal")).Body!;
        Assert.Null(stillThere["icon"]);
        Assert.Single(stillThere["fields"]!.AsArray());
    }
}

[Collection(OnSqlite.Name)]
public sealed class MetadataChangesOnSqlite(SqliteApp app) : MetadataChangesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class MetadataChangesOnPostgres(PostgresApp app) : MetadataChangesSpec(app);
