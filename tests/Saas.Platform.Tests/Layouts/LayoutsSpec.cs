using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Metadata;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Layouts;

/// <summary>Form layouts: an entity's sections, read, replaced and removed through the metadata API by the tenant's admins.</summary>
public abstract class LayoutsSpec(PlatformApp app)
{
    private static async Task<MetadataClient> DealsAsync(PlatformApp app, string prefix)
    {
        var api = await ForNewTenantAsync(app, prefix);
        await api.CreateEntityAsync("deal", Field("title", "text", required: true), Field("amount", "currency"), Field("stage", "text"), Field("closeDate", "date"), Field("notes", "longText"));
        return api;
    }

    private static object Section(string apiName, int? columns, params string[] fields) =>
        new { apiName, label = new Dictionary<string, string> { ["en"] = $"Section {apiName}", ["zh-CN"] = $"分区{apiName}" }, columns, fields };

    private static List<string> Names(JsonNode layout) => [.. layout["sections"]!.AsArray().Select(s => s!["apiName"]!.GetValue<string>())];

    private static List<string> FieldsOf(JsonNode layout, int section) => [.. layout["sections"]![section]!["fields"]!.AsArray().Select(f => f!.GetValue<string>())];

    [Fact]
    public async Task An_entity_without_a_layout_answers_the_default_one_section_with_every_field_in_display_order()
    {
        var api = await DealsAsync(app, "lay-default");

        var answer = await api.GetAsync("/deal/layout");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body!["isDefault"]!.GetValue<bool>());
        Assert.Equal(["details"], Names(answer.Body));
        var fields = (await api.GetAsync("/deal/fields")).Body!.AsArray().Select(f => f!["apiName"]!.GetValue<string>()).ToList();
        Assert.Equal(5, fields.Count);
        Assert.Equal(fields, FieldsOf(answer.Body, 0));
        Assert.Equal(("Details", "详细信息"), (answer.Body["sections"]![0]!["label"]!["en"]!.GetValue<string>(), answer.Body["sections"]![0]!["label"]!["zh-CN"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/nothing/layout")).Status);
    }

    [Fact]
    public async Task A_saved_layout_reads_back_as_saved_and_delete_brings_the_default_back()
    {
        var api = await DealsAsync(app, "lay-trip");

        var saved = await api.SendAsync(HttpMethod.Put, "/deal/layout", new { sections = new[] { Section("main", 2, "TITLE", "stage", "amount"), Section("more", null, "closeDate", "notes") } });

        Assert.True(saved.Status == HttpStatusCode.OK, $"{saved.Status}: {saved.Body}");
        var read = await api.GetAsync("/deal/layout");
        Assert.False(read.Body!["isDefault"]!.GetValue<bool>());
        Assert.Equal(["main", "more"], Names(read.Body));
        Assert.Equal(["title", "stage", "amount"], FieldsOf(read.Body, 0));
        Assert.Equal((2, 1), (read.Body["sections"]![0]!["columns"]!.GetValue<int>(), read.Body["sections"]![1]!["columns"]!.GetValue<int>()));
        Assert.Equal("分区more", read.Body["sections"]![1]!["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal(saved.Body!.ToJsonString(), read.Body.ToJsonString());
        Assert.Contains(await api.AuditAsync(), a => a.Action == "metadata.layout.saved" && a.Target == "deal");

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal/layout")).Status);
        var back = await api.GetAsync("/deal/layout");
        Assert.True(back.Body!["isDefault"]!.GetValue<bool>());
        Assert.Equal(["details"], Names(back.Body));
    }

    [Theory]
    // A field the entity does not have.
    [InlineData("""{"sections":[{"apiName":"main","label":{"en":"Main"},"fields":["title","nope"]}]}""", "sections[0].fields[1]", "nope")]
    // A field placed twice, across sections: the second place is refused and the first is named.
    [InlineData("""{"sections":[{"apiName":"main","label":{"en":"Main"},"fields":["title"]},{"apiName":"more","label":{"en":"More"},"fields":["amount","TITLE"]}]}""", "sections[1].fields[1]", "sections[0].fields[0]")]
    // Two sections of one name, in any case.
    [InlineData("""{"sections":[{"apiName":"main","label":{"en":"Main"},"fields":[]},{"apiName":"mAIN","label":{"en":"Other"},"fields":[]}]}""", "sections[1].apiName", "unique")]
    // Three columns.
    [InlineData("""{"sections":[{"apiName":"main","label":{"en":"Main"},"columns":3,"fields":[]}]}""", "sections[0].columns", "1 or 2")]
    // No English label.
    [InlineData("""{"sections":[{"apiName":"main","label":{"zh-CN":"主要"},"fields":[]}]}""", "sections[0].label.en", "English")]
    // A bad section api name.
    [InlineData("""{"sections":[{"apiName":"1 main","label":{"en":"Main"},"fields":[]}]}""", "sections[0].apiName", "")]
    // No sections at all.
    [InlineData("""{"sections":[]}""", "sections", "at least one")]
    public async Task A_bad_layout_is_refused_with_the_json_path_of_each_problem(string body, string path, string mentions)
    {
        var api = await DealsAsync(app, "lay-bad");

        var answer = await api.SendAsync(HttpMethod.Put, "/deal/layout", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(mentions, answer.Messages(path), StringComparison.Ordinal);
        Assert.True((await api.GetAsync("/deal/layout")).Body!["isDefault"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_deleted_field_cannot_be_placed_and_leaves_the_layout_while_a_new_field_shows_at_once_in_a_trailing_section()
    {
        var api = await DealsAsync(app, "lay-drift");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal/fields/notes")).Status);
        var refused = await api.SendAsync(HttpMethod.Put, "/deal/layout", new { sections = new[] { Section("main", 1, "title", "notes") } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("notes", refused.Messages("sections[0].fields[1]"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "/deal/layout", new { sections = new[] { Section("main", 2, "title", "amount", "stage", "closeDate") } })).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/deal/fields", Field("region", "text"))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal/fields/stage")).Status);

        var layout = (await api.GetAsync("/deal/layout")).Body!;
        Assert.Equal(["main", "otherFields"], Names(layout));
        Assert.Equal(["title", "amount", "closeDate"], FieldsOf(layout, 0));
        Assert.Equal(["region"], FieldsOf(layout, 1));
        Assert.Equal(("Other fields", "其他字段"), (layout["sections"]![1]!["label"]!["en"]!.GetValue<string>(), layout["sections"]![1]!["label"]!["zh-CN"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/deal/fields/stage/restore", null)).Status);
        Assert.Equal(["title", "amount", "stage", "closeDate"], FieldsOf((await api.GetAsync("/deal/layout")).Body!, 0));
    }

    [Fact]
    public async Task Another_tenants_key_finds_no_layout_to_read_change_or_delete()
    {
        var api = await DealsAsync(app, "lay-own");
        var other = await ForNewTenantAsync(app, "lay-other");
        var (_, key) = await app.CreateTenantAsync("lay-stranger");
        var stranger = new MetadataClient(app.ClientWithKey(key), api.Tenant);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/deal/layout")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Put, "/deal/layout", new { sections = new[] { Section("main", 1, "title") } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync("/deal/layout")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/deal/layout")).Status);
        Assert.True((await api.GetAsync("/deal/layout")).Body!["isDefault"]!.GetValue<bool>());
    }
}

[Collection(OnSqlite.Name)]
public sealed class LayoutsOnSqlite(SqliteApp app) : LayoutsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class LayoutsOnPostgres(PostgresApp app) : LayoutsSpec(app);
