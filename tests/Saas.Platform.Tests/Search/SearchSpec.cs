using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Records;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Search;

/// <summary>Global search through the HTTP API: what matches, how hits are grouped and ranked, and what never leaks.</summary>
public abstract class SearchSpec(PlatformApp app)
{
    [Fact]
    public async Task Finds_english_and_chinese_text_by_any_part_of_it_ignoring_case()
    {
        var (records, search) = await CrmAsync("search-text");
        var zhang = (await records.CreatedAsync("contact", new { fullName = "张伟", address = "上海市浦东新区世纪大道 100 号", email = "zhang.wei@example.cn" })).Id;
        var acme = (await records.CreatedAsync("company", new { title = "Acme Corporation" })).Id;
        await records.CreatedAsync("contact", new { fullName = "Li Na", address = "北京市朝阳区" });

        Assert.Equal([zhang], (await search.FoundAsync("张伟")).Ids);
        Assert.Equal([zhang], (await search.FoundAsync("上海")).Ids);
        Assert.Equal([zhang], (await search.FoundAsync("浦东新区")).Ids);
        Assert.Equal([zhang], (await search.FoundAsync("ZHANG.WEI")).Ids);
        Assert.Equal([acme], (await search.FoundAsync("corp")).Ids);
        Assert.Equal([acme], (await search.FoundAsync("ACME")).Ids);
        Assert.Equal([acme], (await search.FoundAsync("me Co")).Ids);
        Assert.Empty((await search.FoundAsync("广州")).Ids);

        var hit = (await search.FoundAsync("浦东")).Hit(zhang);
        var match = Assert.Single(hit["matches"]!.AsArray())!;
        Assert.Equal("张伟", hit["name"]!.GetValue<string>());
        Assert.Equal("address", match["field"]!.GetValue<string>());
        Assert.Equal("浦东", match["text"]!.GetValue<string>().Substring(match["start"]!.GetValue<int>(), match["length"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Picklist_values_are_found_by_their_labels_in_every_language()
    {
        var (records, search) = await CrmAsync("search-picklist");
        var hot = (await records.CreatedAsync("contact", new { fullName = "Wang Fang", stage = "hot" })).Id;

        Assert.Equal([hot], (await search.FoundAsync("Very hot")).Ids);
        Assert.Equal([hot], (await search.FoundAsync("热门")).Ids);
        Assert.Empty((await search.FoundAsync("cold")).Ids);
    }

    [Fact]
    public async Task Groups_hits_per_entity_ranks_the_closest_match_first_and_honours_entity_and_top()
    {
        var (records, search) = await CrmAsync("search-rank");
        var holdings = (await records.CreatedAsync("company", new { title = "Acme Holdings International" })).Id;
        var acme = (await records.CreatedAsync("company", new { title = "Acme" })).Id;
        var street = (await records.CreatedAsync("contact", new { fullName = "Sam Doe", address = "12 Old Acme Street" })).Id;

        var all = await search.FoundAsync("acme");
        var contacts = await search.FoundAsync("acme", entity: "contact");
        var first = await search.FoundAsync("acme", entity: "company", top: "1");

        Assert.Equal(["company", "contact"], all.Entities);
        Assert.Equal([acme, holdings, street], all.Ids);
        Assert.Equal("Company", all.Groups[0]!["label"]!["en"]!.GetValue<string>());
        Assert.Equal([street], contacts.Ids);
        Assert.Equal([acme], first.Ids);
        Assert.True(first.Groups[0]!["more"]!.GetValue<bool>());
        Assert.False(all.Groups[0]!["more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Several_words_find_the_records_holding_every_word_in_any_of_their_fields_together_first()
    {
        var (records, search) = await CrmAsync("search-words");
        var named = (await records.CreatedAsync("contact", new { fullName = "Wang Lei", address = "88 Nanjing Road, Shanghai" })).Id;
        var together = (await records.CreatedAsync("contact", new { fullName = "Chen Jing", address = "1 Wang Lei Lane, Shanghai" })).Id;
        var apart = (await records.CreatedAsync("contact", new { fullName = "Lane Wang", address = "3 Lei Street, Hangzhou" })).Id;
        var chinese = (await records.CreatedAsync("contact", new { fullName = "王磊", address = "上海市南京路" })).Id;
        await records.CreatedAsync("contact", new { fullName = "Wang Fang", address = "Beijing" });
        await records.CreatedAsync("contact", new { fullName = "Li Lei", address = "Guangzhou" });

        var acrossFields = await search.FoundAsync("wang shanghai");
        var hit = acrossFields.Hit(named);

        Assert.Equal([named, together], acrossFields.Ids);
        Assert.Equal(["fullName", "address"], hit["matches"]!.AsArray().Select(m => m!["field"]!.GetValue<string>()));
        Assert.Equal("Shanghai", Highlighted(hit["matches"]![1]!));
        Assert.Equal([named, together, apart], (await search.FoundAsync("wang lei")).Ids);
        Assert.Equal("Wang Lei", Highlighted((await search.FoundAsync("wang lei")).Hit(together)["matches"]![0]!));
        Assert.Equal([chinese], (await search.FoundAsync("王磊 上海市")).Ids);
        Assert.Empty((await search.FoundAsync("wang guangzhou")).Ids);
    }

    [Theory]
    [InlineData("", "q")]          // nothing to search for
    [InlineData("   ", "q")]       // only blanks
    [InlineData("acme&top=0", "top")]  // fewer than one record per entity
    [InlineData("acme&top=51", "top")] // more than the maximum
    [InlineData("acme&top=x", "top")]  // not a number
    [InlineData("acme&entity=nope", "entity")] // no such entity
    public async Task Bad_parameters_are_a_400_keyed_by_parameter(string query, string parameter)
    {
        var (_, search) = await CrmAsync("search-bad");

        var answer = await search.RawAsync("?q=" + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Body!["errors"]!.AsObject().ContainsKey(parameter), answer.Body.ToJsonString());
    }

    [Fact]
    public async Task Updated_deleted_restored_and_purged_records_are_found_as_they_are_now()
    {
        var (records, search) = await CrmAsync("search-life");
        var id = (await records.CreatedAsync("company", new { title = "Old Pinewood Mill" })).Id;
        Assert.Equal([id], (await search.FoundAsync("pinewood")).Ids);

        Assert.Equal(HttpStatusCode.OK, (await records.PatchAsync("company", id, new { title = "New Birchwood Mill" })).Status);
        Assert.Empty((await search.FoundAsync("pinewood")).Ids);
        Assert.Equal([id], (await search.FoundAsync("birchwood")).Ids);

        Assert.Equal(HttpStatusCode.OK, (await records.DeleteAsync("company", id)).Status);
        Assert.Empty((await search.FoundAsync("birchwood")).Ids);

        Assert.Equal(HttpStatusCode.OK, (await records.RestoreAsync("company", id)).Status);
        Assert.Equal([id], (await search.FoundAsync("birchwood")).Ids);

        await records.DeleteAsync("company", id);
        await records.DeleteAsync("company", id, purge: true);
        Assert.Empty((await search.FoundAsync("birchwood")).Ids);
        Assert.Empty((await search.FoundAsync("mill")).Ids);
    }

    [Fact]
    public async Task A_metadata_change_is_followed_by_new_picklist_labels_and_deleted_fields()
    {
        var (records, search) = await CrmAsync("search-meta");
        var id = (await records.CreatedAsync("contact", new { fullName = "Chen Jing", stage = "hot", email = "chen@example.org" })).Id;
        Assert.Equal([id], (await search.FoundAsync("very hot")).Ids);

        var relabel = await records.Metadata.PatchAsync("/contact/fields/stage", new { settings = Stages("Scorching", "火爆") });
        Assert.True(relabel.Status == HttpStatusCode.OK, $"{relabel.Status}: {relabel.Body}");
        Assert.Equal([id], (await search.FoundAsync("scorching")).Ids);
        Assert.Equal([id], (await search.FoundAsync("火爆")).Ids);
        Assert.Empty((await search.FoundAsync("very hot")).Ids);

        Assert.Equal(HttpStatusCode.NoContent, (await records.Metadata.DeleteAsync("/contact/fields/email")).Status);
        Assert.Empty((await search.FoundAsync("chen@example")).Ids);
        Assert.Equal([id], (await search.FoundAsync("chen jing")).Ids);
        Assert.DoesNotContain(await StoredTextsAsync(records.Tenant), text => text.Contains("chen@example", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await records.PatchAsync("contact", id, new { fullName = "Chen Jing Li" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await records.Metadata.PostAsync("/contact/fields/email/restore", null)).Status);
        Assert.Equal([id], (await search.FoundAsync("chen@example")).Ids);

        Assert.Equal(HttpStatusCode.Created, (await records.Metadata.PostAsync("/contact/fields", Field("nickname", "text"))).Status);
        var later = (await records.CreatedAsync("contact", new { fullName = "Zhou Min", nickname = "小周 Xiaozhou" })).Id;
        Assert.Equal([later], (await search.FoundAsync("小周")).Ids);
        Assert.Equal([id], (await search.FoundAsync("jing li")).Ids);
    }

    [Theory]
    [InlineData("\"")]                   // an unbalanced FTS5 quote
    [InlineData("\"hi\" NEAR(x)")]       // FTS5 phrase and NEAR syntax
    [InlineData("a*b:c")]                // FTS5 prefix and column filter
    [InlineData("title:x OR y AND NOT z")] // FTS5 boolean operators and a column filter
    [InlineData("^start")]               // FTS5 initial-token marker
    [InlineData("'; DROP TABLE \"SearchEntries\"; --")] // SQL
    [InlineData("%")]                    // a LIKE wildcard
    [InlineData("_")]                    // a LIKE single-character wildcard
    [InlineData("[x]")]                  // a SQL Server LIKE character class
    [InlineData("\\")]                   // the LIKE escape character
    [InlineData("*")]                    // a bare FTS5 star
    [InlineData("(")]                    // an FTS5 group
    public async Task Search_syntax_in_q_is_plain_text(string q)
    {
        var (records, search) = await CrmAsync("search-syntax");
        var literal = (await records.CreatedAsync("company", new { title = "He said \"hi\" NEAR(x) a*b:c ^start [x] 50% off_sale \\ title:x OR y AND NOT z (" })).Id;
        await records.CreatedAsync("company", new { title = "Plain company" });
        var injection = (await records.CreatedAsync("company", new { title = "'; DROP TABLE \"SearchEntries\"; --" })).Id;

        var answer = await search.FoundAsync(q);

        Assert.Contains(q.StartsWith('\'') ? injection : literal, answer.Ids);
        Assert.All(answer.Hits, h => Assert.Contains(q, h["matches"]![0]!["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        Assert.Single((await search.FoundAsync("plain")).Ids);
    }

    [Fact]
    public async Task A_tenant_finds_only_its_own_records_even_with_the_same_text()
    {
        var (a, searchA) = await CrmAsync("search-a");
        var (b, searchB) = await CrmAsync("search-b");
        var (_, searchC) = await CrmAsync("search-c");
        var ofA = (await a.CreatedAsync("company", new { title = "Zephyr Quantum 量子" })).Id;
        var ofB = (await b.CreatedAsync("company", new { title = "Zephyr Quantum 量子" })).Id;

        Assert.Equal([ofA], (await searchA.FoundAsync("zephyr")).Ids);
        Assert.Equal([ofB], (await searchB.FoundAsync("zephyr")).Ids);
        Assert.Equal([ofB], (await searchB.FoundAsync("量子")).Ids);
        Assert.Empty((await searchC.FoundAsync("zephyr")).Ids);
        Assert.Empty((await searchC.FoundAsync("量子")).Ids);
    }

    [Fact]
    public async Task A_dedicated_tenant_searches_its_own_database()
    {
        var (created, key) = await app.CreateTenantAsync("search-own", isolation: "dedicated");
        var records = new RecordsClient(app.ClientWithKey(key), created.Identifier);
        await records.Metadata.CreateEntityAsync("company", Field("title", "text"));
        var id = (await records.CreatedAsync("company", new { title = "Dedicated 专属 Works" })).Id;
        var search = new SearchClient(app.ClientWithKey(key), created.Identifier);

        Assert.Equal([id], (await search.FoundAsync("专属")).Ids);
        Assert.Equal([id], (await search.FoundAsync("dedicated 专属")).Ids);
    }

    private static string Highlighted(System.Text.Json.Nodes.JsonNode match) =>
        match["text"]!.GetValue<string>().Substring(match["start"]!.GetValue<int>(), match["length"]!.GetValue<int>());

    private static object Stages(string hot, string hotZh) => new
    {
        values = new object[]
        {
            new { apiName = "hot", label = new Dictionary<string, string> { ["en"] = hot, ["zh-CN"] = hotZh } },
            new { apiName = "cold", label = new Dictionary<string, string> { ["en"] = "Cold", ["zh-CN"] = "冷淡" } },
        },
    };

    /// <summary>What the tenant's search rows hold, read from the database.</summary>
    private async Task<List<string>> StoredTextsAsync(string tenant) =>
        await app.InTenantAsync(await app.TenantAsync(tenant), services => services.GetRequiredService<TenantDbContext>().SearchEntries.Select(e => e.Text).ToListAsync());

    /// <summary>A tenant with companies and contacts (name, address, email, phone and a picklist with Chinese labels).</summary>
    private async Task<(RecordsClient Records, SearchClient Search)> CrmAsync(string prefix)
    {
        var (created, key) = await app.CreateTenantAsync(prefix);
        var records = new RecordsClient(app.ClientWithKey(key), created.Identifier);
        await records.Metadata.CreateEntityAsync(new
        {
            apiName = "company",
            label = new Dictionary<string, string> { ["en"] = "Company", ["zh-CN"] = "公司" },
            pluralLabel = new { en = "Companies" },
            fields = new[] { Field("title", "text") },
        });
        await records.Metadata.CreateEntityAsync("contact",
            Field("fullName", "text"), Field("address", "longText"), Field("email", "email"), Field("phone", "phone"),
            Field("stage", "picklist", Stages("Very hot", "热门")));
        return (records, new SearchClient(app.ClientWithKey(key), created.Identifier));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SearchOnSqlite(SqliteApp app) : SearchSpec(app);

[Collection(OnPostgres.Name)]
public sealed class SearchOnPostgres(PostgresApp app) : SearchSpec(app);
