using System.Net;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Changing a field's type converts the values records hold, with their index, unique rows and history, or is refused.</summary>
public abstract class FieldTypeChangesSpec(PlatformApp app)
{
    private static readonly string[] WebAndFair = ["web", "fair"];

    [Fact]
    public async Task Text_becomes_number_when_every_value_parses_and_number_becomes_text_again()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "ftc-number");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("code", "text", unique: true));
        var twelve = await api.CreatedAsync("item", new { title = "twelve", code = "12" });
        var half = await api.CreatedAsync("item", new { title = "half", code = " 7.5 " });
        var word = await api.CreatedAsync("item", new { title = "word", code = "abc" });

        var refused = await api.Metadata.PatchAsync("/item/fields/code", new { type = "number", settings = new { precision = 18, scale = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("1 record(s)", refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains(word.Id.ToString(), refused.Messages("type"), StringComparison.Ordinal);
        Assert.Equal("text", (await api.Metadata.GetAsync("/item/fields/code")).Body!["type"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("item", word.Id, new { code = "3" })).Status);
        var changed = await api.Metadata.PatchAsync("/item/fields/code", new { type = "number", settings = new { precision = 18, scale = 2 } });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("number", changed.Body!["type"]!.GetValue<string>());
        Assert.Equal(7.5m, (await api.GetAsync("item", half.Id)).Body!["code"]!.GetValue<decimal>());
        Assert.Equal(["half", "twelve"], await query.TitlesAsync("item", "code gt 5"));
        var history = (await api.HistoryAsync("item", twelve.Id)).Body!.AsArray().First()!;
        Assert.Equal(("code", "12", 12m), (history["field"]!.GetValue<string>(), history["oldValue"]!.GetValue<string>(), history["newValue"]!.GetValue<decimal>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateAsync("item", new { title = "dup", code = 12 })).Status);

        var back = await api.Metadata.PatchAsync("/item/fields/code", new { type = "text" });
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("7.5", (await api.GetAsync("item", half.Id)).Body!["code"]!.GetValue<string>());
        Assert.Equal(["twelve"], await query.TitlesAsync("item", "code eq '12'"));
    }

    [Fact]
    public async Task Dates_become_date_times_and_picklists_become_texts()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "ftc-date");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync(
            "task",
            Field("title", "text", indexed: true),
            Field("due", "date", indexed: true),
            Field("stage", "picklist", new { values = new object[] { new { apiName = "open", label = new { en = "Open" } } } }, indexed: true));
        var task = await api.CreatedAsync("task", new { title = "one", due = "2026-03-31", stage = "open" });

        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/task/fields/due", new { type = "dateTime" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/task/fields/stage", new { type = "text" })).Status);

        var read = (await api.GetAsync("task", task.Id)).Body!;
        Assert.Equal(DateTimeOffset.Parse("2026-03-31T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), read["due"]!.GetValue<DateTimeOffset>());
        Assert.Equal("open", read["stage"]!.GetValue<string>());
        Assert.Equal(["one"], await query.TitlesAsync("task", "due ge 2026-03-30T12:00:00Z and stage eq 'OPEN'"));
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("task", task.Id, new { stage = "anything" })).Status);
    }

    [Fact]
    public async Task Texts_become_picklist_values_by_api_name_or_label_and_picklists_become_multi_picklists_and_back()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "ftc-choice");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("lead", Field("title", "text", indexed: true), Field("source", "text"));
        var web = await api.CreatedAsync("lead", new { title = "one", source = "web" });
        var fair = await api.CreatedAsync("lead", new { title = "two", source = " 展会 " });
        var other = await api.CreatedAsync("lead", new { title = "three", source = "Radio" });
        var sources = new
        {
            values = new object[]
            {
                new { apiName = "web", label = new Dictionary<string, string> { ["en"] = "Website", ["zh-CN"] = "网站" } },
                new { apiName = "fair", label = new Dictionary<string, string> { ["en"] = "Trade fair", ["zh-CN"] = "展会" } },
            },
        };

        var refused = await api.Metadata.PatchAsync("/lead/fields/source", new { type = "picklist", settings = sources, indexed = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("1 record(s)", refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains(other.Id.ToString(), refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains("matches no value of the picklist", refused.Messages("type"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("lead", other.Id, new { source = "TRADE FAIR" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/lead/fields/source", new { type = "picklist", settings = sources, indexed = true })).Status);
        Assert.Equal("web", (await api.GetAsync("lead", web.Id)).Body!["source"]!.GetValue<string>());
        Assert.Equal("fair", (await api.GetAsync("lead", fair.Id)).Body!["source"]!.GetValue<string>());
        Assert.Equal(["two", "three"], await query.TitlesAsync("lead", "source eq 'fair'", "title desc"));

        var toMany = await api.Metadata.PatchAsync("/lead/fields/source", new { type = "multiPicklist", settings = sources, indexed = false });
        Assert.True(toMany.Status == HttpStatusCode.OK, toMany.Body?.ToJsonString());
        Assert.Equal(["fair"], (await api.GetAsync("lead", fair.Id)).Body!["source"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("lead", web.Id, new { source = WebAndFair })).Status);

        var several = await api.Metadata.PatchAsync("/lead/fields/source", new { type = "picklist", settings = sources });
        Assert.Equal(HttpStatusCode.BadRequest, several.Status);
        Assert.Contains("holds several values", several.Messages("type"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/lead/fields/source", new { type = "text" })).Status);
        Assert.Equal("web; fair", (await api.GetAsync("lead", web.Id)).Body!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Names_become_lookups_when_each_names_one_record_and_lookups_become_their_targets_names()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "ftc-lookup");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("company", Field("companyName", "text", indexed: true));
        await api.Metadata.CreateEntityAsync("person", Field("title", "text", indexed: true), Field("employer", "text"));
        var acme = await api.CreatedAsync("company", new { companyName = "Acme" });
        var globex = await api.CreatedAsync("company", new { companyName = "Globex" });
        var twin = await api.CreatedAsync("company", new { companyName = "Twin" });
        await api.CreatedAsync("company", new { companyName = "Twin" });
        var ann = await api.CreatedAsync("person", new { title = "ann", employer = " Acme " });
        var bob = await api.CreatedAsync("person", new { title = "bob", employer = globex.Id.ToString() });
        var cy = await api.CreatedAsync("person", new { title = "cy", employer = "Twin" });
        var di = await api.CreatedAsync("person", new { title = "di", employer = "Nowhere Inc" });
        var toLookup = new { type = "lookup", settings = new { targetEntity = "company" }, indexed = true };

        var refused = await api.Metadata.PatchAsync("/person/fields/employer", toLookup);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("2 record(s)", refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains(cy.Id.ToString(), refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains(di.Id.ToString(), refused.Messages("type"), StringComparison.Ordinal);
        Assert.Equal("text", (await api.Metadata.GetAsync("/person/fields/employer")).Body!["type"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("person", cy.Id, new { employer = twin.Id.ToString() })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("person", di.Id, new { employer = (string?)null })).Status);
        var changed = await api.Metadata.PatchAsync("/person/fields/employer", toLookup);
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Body?.ToJsonString());
        Assert.Equal(acme.Id, (await api.GetAsync("person", ann.Id)).Body!["employer"]!.GetValue<Guid>());
        Assert.Equal(["ann"], await query.TitlesAsync("person", $"employer eq {acme.Id}"));
        Assert.Equal(["bob"], await query.TitlesAsync("person", $"employer eq {globex.Id}"));

        // And back: each lookup becomes its target's name.
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("company", acme.Id, new { companyName = "Acme Ltd" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/person/fields/employer", new { type = "text" })).Status);
        Assert.Equal("Acme Ltd", (await api.GetAsync("person", ann.Id)).Body!["employer"]!.GetValue<string>());
        Assert.Equal("Twin", (await api.GetAsync("person", cy.Id)).Body!["employer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Emails_become_owners_when_each_is_a_member_and_owners_become_emails()
    {
        var (tenant, key) = await app.CreateTenantAsync("ftc-owner");
        var http = app.ClientWithKey(key);
        var query = new QueryClient(http, new RecordsClient(http, tenant.Identifier));
        var api = query.Records;
        var member = await app.AddMemberAsync(tenant.Identifier, key, $"rep-{Guid.NewGuid():N}@example.com", "staff");
        await api.Metadata.CreateEntityAsync("visit", Field("title", "text", indexed: true), Field("rep", "email"));
        var one = await api.CreatedAsync("visit", new { title = "one", rep = member.Email.ToUpperInvariant() });
        var two = await api.CreatedAsync("visit", new { title = "two", rep = "stranger@example.com" });

        var refused = await api.Metadata.PatchAsync("/visit/fields/rep", new { type = "owner", indexed = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(two.Id.ToString(), refused.Messages("type"), StringComparison.Ordinal);
        Assert.Contains("names no member", refused.Messages("type"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("visit", two.Id, new { rep = (string?)null })).Status);
        var changed = await api.Metadata.PatchAsync("/visit/fields/rep", new { type = "owner", indexed = true });
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Body?.ToJsonString());
        Assert.Equal(member.UserId, (await api.GetAsync("visit", one.Id)).Body!["rep"]!.GetValue<Guid>());
        Assert.Equal(["one"], await query.TitlesAsync("visit", $"rep eq {member.UserId}"));

        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/visit/fields/rep", new { type = "email" })).Status);
        Assert.Equal(member.Email, (await api.GetAsync("visit", one.Id)).Body!["rep"]!.GetValue<string>());
    }
}

[Collection(OnSqlite.Name)]
public sealed class FieldTypeChangesOnSqlite(SqliteApp app) : FieldTypeChangesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class FieldTypeChangesOnPostgres(PostgresApp app) : FieldTypeChangesSpec(app);
