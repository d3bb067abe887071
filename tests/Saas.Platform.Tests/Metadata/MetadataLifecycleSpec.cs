using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Metadata;

/// <summary>Names stay unique; deletes are soft until purged; lookups always point to a live entity.</summary>
public abstract class MetadataLifecycleSpec(PlatformApp app)
{
    [Fact]
    public async Task A_taken_name_is_a_409_in_any_case()
    {
        var api = await ForNewTenantAsync(app, "dupes");
        await api.CreateEntityAsync("salesOrder", Field("code", "text"));

        var entity = await api.PostAsync(string.Empty, new { apiName = "salesorder", label = new { en = "Order" }, pluralLabel = new { en = "Orders" } });
        var field = await api.PostAsync("/salesOrder/fields", Field("cODE", "text"));

        Assert.Equal(HttpStatusCode.Conflict, entity.Status);
        Assert.Contains("salesOrder", entity.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, field.Status);
        Assert.Contains("code", field.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/nothing")] // an unknown entity
    [InlineData("PATCH", "/nothing")]
    [InlineData("DELETE", "/nothing")]
    [InlineData("POST", "/nothing/restore")]
    [InlineData("GET", "/nothing/fields")] // the fields of an unknown entity
    [InlineData("POST", "/nothing/fields")]
    [InlineData("GET", "/deal/fields/nothing")] // an unknown field of a known entity
    [InlineData("PATCH", "/deal/fields/nothing")]
    [InlineData("DELETE", "/deal/fields/nothing")]
    [InlineData("POST", "/deal/fields/nothing/restore")]
    public async Task An_unknown_entity_or_field_is_a_404(string method, string path)
    {
        var api = await ForNewTenantAsync(app, "unknown");
        await api.CreateEntityAsync("deal");
        object? body = (method, path) switch
        {
            ("PATCH", "/nothing") => new { icon = "x" },
            ("PATCH", _) => new { required = true },
            ("POST", "/nothing/fields") => Field("code", "text"),
            _ => null,
        };

        var answer = await api.SendAsync(new HttpMethod(method), path, body);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Contains("nothing", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entity_disappears_keeps_its_name_comes_back_on_restore_and_is_gone_for_good_when_purged()
    {
        var api = await ForNewTenantAsync(app, "entitybin");
        await api.CreateEntityAsync("invoice", Field("total", "currency"));

        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync("/invoice?purge=true")).Status); // a live entity is not purged
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/invoice")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/invoice")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/invoice/fields")).Status);
        Assert.Empty((await api.GetAsync()).Body!.AsArray());
        var taken = await api.PostAsync(string.Empty, new { apiName = "invoice", label = new { en = "Invoice" }, pluralLabel = new { en = "Invoices" } });
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Contains("restore it, or purge it", taken.Detail, StringComparison.Ordinal);

        var restored = await api.PostAsync("/invoice/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.Equal("total", restored.Body!["fields"]![0]!["apiName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("/invoice/restore", null)).Status); // not deleted any more

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/invoice")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/invoice?purge=true")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/invoice/restore", null)).Status);
        var again = await api.CreateEntityAsync("invoice");
        Assert.Empty(again["fields"]!.AsArray());
    }

    [Fact]
    public async Task A_deleted_field_disappears_keeps_its_name_comes_back_on_restore_and_is_gone_for_good_when_purged()
    {
        var api = await ForNewTenantAsync(app, "fieldbin");
        await api.CreateEntityAsync("contact", Field("nickname", "text"), Field("email", "email"));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/contact/fields/nickname")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/contact/fields/nickname")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/contact/fields/nickname")).Status); // already deleted
        Assert.Equal(["email"], (await api.GetAsync("/contact/fields")).Body!.AsArray().Select(f => f!["apiName"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("/contact/fields", Field("nickname", "text"))).Status);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/contact/fields/nickname/restore", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/contact/fields/nickname")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync("/contact/fields/nickname?purge=true")).Status); // live

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/contact/fields/nickname")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/contact/fields/nickname?purge=true")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/contact/fields/nickname/restore", null)).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/contact/fields", Field("nickname", "longText"))).Status);
    }

    [Fact]
    public async Task A_lookup_shows_as_a_related_list_of_its_target_which_cannot_be_deleted_while_the_lookup_lives()
    {
        var api = await ForNewTenantAsync(app, "lookups");
        await api.CreateEntityAsync("account", Field("parent", "lookup", new { targetEntity = "account" }));
        await api.CreateEntityAsync("contact", Field("employer", "lookup", new { targetEntity = "Account" }));
        await api.CreateEntityAsync("deal", Field("account", "lookup", new { targetEntity = "account" }));

        var account = (await api.GetAsync("/account")).Body!;
        Assert.Equal(
            """[{"entity":"account","field":"parent"},{"entity":"contact","field":"employer"},{"entity":"deal","field":"account"}]""",
            account["relatedLists"]!.ToJsonString());

        var refused = await api.DeleteAsync("/account");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("contact.employer, deal.account", refused.Detail, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/contact/fields/employer")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal")).Status);
        Assert.Equal("""[{"entity":"account","field":"parent"}]""", (await api.GetAsync("/account")).Body!["relatedLists"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/account")).Status); // its own lookup does not hold it

        // The deleted lookups still point to account: it cannot be purged, and they cannot come back before it does.
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync("/account?purge=true")).Status);
        var restoreDeal = await api.PostAsync("/deal/restore", null);
        Assert.Equal(HttpStatusCode.Conflict, restoreDeal.Status);
        Assert.Contains("account → account", restoreDeal.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("/contact/fields/employer/restore", null)).Status);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/account/restore", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/deal/restore", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/contact/fields/employer/restore", null)).Status);
        Assert.Equal(3, (await api.GetAsync("/account")).Body!["relatedLists"]!.AsArray().Count);
    }
}

[Collection(OnSqlite.Name)]
public sealed class MetadataLifecycleOnSqlite(SqliteApp app) : MetadataLifecycleSpec(app);

[Collection(OnPostgres.Name)]
public sealed class MetadataLifecycleOnPostgres(PostgresApp app) : MetadataLifecycleSpec(app);
