using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Querying;

/// <summary>$filter on every indexed field type, with nulls, in, text functions, year() and and/or/not, through HTTP.</summary>
public abstract class QueryFiltersSpec(PlatformApp app)
{
    [Fact]
    public async Task Filters_on_every_indexed_type_answer_the_matching_records()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-filters");
        var (alpha, beta, gamma, empty, company) = await DealsAsync(api);

        (string Filter, string[] Expected)[] cases =
        [
            // text: equality ignores case; ne includes records without a value
            ("title eq 'ALPHA'", ["alpha"]),
            ("code ne 'a-1'", ["beta", "empty", "gamma"]),
            ("code eq null", ["empty"]),
            ("code ne null", ["alpha", "beta", "gamma"]),
            ("code gt 'b-9'", ["gamma"]),
            // contains, startswith, endswith, lower-cased like the index
            ("contains(title, 'MM')", ["gamma"]),
            ("startswith(code, 'B-')", ["beta"]),
            ("endswith(title, 'ta')", ["beta"]),
            ("contains(tolower(title), 'ph')", ["alpha"]),
            // number and currency, ranges and in
            ("quantity gt 5", ["beta", "gamma"]),
            ("quantity le 5", ["alpha"]),
            ("amount ge 100.5 and amount lt 1000", ["alpha", "beta"]),
            ("amount in (100.5, 9999)", ["alpha", "gamma"]),
            ("quantity in (1, null)", ["alpha", "empty"]),
            // date: literals, ranges and year() as a range
            ("closeDate eq 2026-03-31", ["alpha"]),
            ("closeDate lt 2026-01-01", ["gamma"]),
            ("year(closeDate) eq 2026", ["alpha", "beta"]),
            ("year(closeDate) lt 2026", ["gamma"]),
            ("year(closeDate) ne 2026", ["empty", "gamma"]),
            // month() and day(): UTC, on the parts each date's index row carries
            ("month(closeDate) eq 3", ["alpha"]),
            ("month(closeDate) ge 3", ["alpha", "gamma"]),
            ("month(closeDate) lt 3", ["beta"]),
            ("month(closeDate) ne 3", ["beta", "empty", "gamma"]),
            ("day(closeDate) eq 31", ["alpha", "gamma"]),
            ("day(closeDate) lt 20", ["beta"]),
            ("year(closeDate) eq 2026 and month(closeDate) eq 1", ["beta"]),
            ("day(lastContactAt) eq 30", ["beta"]),
            ("month(lastContactAt) eq 3 and day(lastContactAt) eq 31", ["alpha", "gamma"]),
            // dateTime compares instants, whatever the offset written
            ("lastContactAt gt 2026-03-31T01:15:00Z", ["alpha"]),
            ("lastContactAt eq 2026-03-31T09:30:00+08:00", ["alpha"]),
            ("lastContactAt lt 2026-03-31T01:30:00Z", ["beta", "gamma"]),
            // boolean, bare or compared
            ("isKey", ["alpha", "gamma"]),
            ("isKey eq false", ["beta"]),
            ("not isKey", ["beta", "empty"]),
            // picklist: ignores case like texts
            ("stage eq 'WON'", ["alpha"]),
            ("stage in ('open', 'won')", ["alpha", "beta"]),
            // lookup and owner compare ids
            ($"account eq {company}", ["alpha", "beta"]),
            ("account eq null", ["empty", "gamma"]),
            ($"salesRep ne {Guid.Empty}", ["alpha", "beta", "empty", "gamma"]),
            // and, or, not, grouping
            ("(quantity gt 5 and isKey) or stage eq 'won'", ["alpha", "gamma"]),
            ("not (quantity gt 5)", ["alpha", "empty"]),
            // system fields on the record table; the name is the value of the first text field in display order (code)
            ("name eq 'b-2'", ["beta"]),
            ("contains(name, '-3')", ["gamma"]),
            ("name eq null", ["empty"]),
            ($"id eq {beta}", ["beta"]),
            ($"id in ({alpha}, {gamma})", ["alpha", "gamma"]),
            ("ownerId eq null", ["alpha", "beta", "empty", "gamma"]),
            ("createdAt gt 2000-01-01T00:00:00Z and year(modifiedAt) ge 2000", ["alpha", "beta", "empty", "gamma"]),
        ];

        foreach (var (filter, expected) in cases)
        {
            Assert.Equal($"{filter} => {string.Join(",", expected)}", $"{filter} => {string.Join(",", await api.TitlesAsync("deal", filter))}");
        }

        _ = empty;
    }

    [Fact]
    public async Task Sorts_put_records_without_a_value_first_ascending_and_last_descending()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-sorts");
        await DealsAsync(api);

        (string OrderBy, string Expected)[] cases =
        [
            ("quantity", "empty,alpha,beta,gamma"),
            ("quantity desc", "gamma,beta,alpha,empty"),
            ("amount desc,title", "gamma,beta,alpha,empty"),
            ("closeDate", "empty,gamma,beta,alpha"),
            ("lastContactAt desc", "alpha,gamma,beta,empty"),
            ("isKey desc,title", "alpha,gamma,beta,empty"),
            ("stage,title", "empty,gamma,beta,alpha"),
            ("code desc", "gamma,beta,alpha,empty"),
            ("name desc", "gamma,beta,alpha,empty"),
            ("createdAt desc", "empty,gamma,beta,alpha"),
        ];
        foreach (var (orderBy, expected) in cases)
        {
            var answer = await api.QueryAsync("deal", ("$orderby", orderBy));
            Assert.True(answer.Status == HttpStatusCode.OK, $"{orderBy}: {answer.Body}");
            Assert.Equal($"{orderBy} => {expected}", $"{orderBy} => {string.Join(",", answer.Titles.Select(t => t.ToLowerInvariant()))}");
        }
    }

    [Fact]
    public async Task Indexed_formulas_filter_and_sort_by_their_result_type()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-formulas");
        await api.Records.Metadata.CreateEntityAsync(
            "order",
            Field("title", "text", indexed: true),
            Field("price", "currency"),
            Field("quantity", "number"),
            Field("shipOn", "date"),
            Field("total", "formula", new { expression = "price mul quantity", resultType = "currency" }, indexed: true),
            Field("big", "formula", new { expression = "quantity gt 5", resultType = "boolean" }, indexed: true),
            Field("code", "formula", new { expression = "concat('ORD-', toupper(title))", resultType = "text" }, indexed: true),
            Field("due", "formula", new { expression = "shipOn", resultType = "date" }, indexed: true));
        await api.Records.CreatedAsync("order", new { title = "one", price = 10m, quantity = 2, shipOn = "2026-03-15" });
        await api.Records.CreatedAsync("order", new { title = "two", price = 300m, quantity = 10, shipOn = "2026-04-01" });
        await api.Records.CreatedAsync("order", new { title = "three", price = 50m, quantity = 30, shipOn = "2025-03-20" });

        (string Filter, string[] Expected)[] cases =
        [
            ("total gt 100", ["three", "two"]),
            ("big", ["three", "two"]),
            ("code eq 'ord-one'", ["one"]),
            ("startswith(code, 'ORD-T')", ["three", "two"]),
            ("due lt 2026-01-01", ["three"]),
            ("month(due) eq 3", ["one", "three"]),
        ];
        foreach (var (filter, expected) in cases)
        {
            Assert.Equal($"{filter} => {string.Join(",", expected)}", $"{filter} => {string.Join(",", await api.TitlesAsync("order", filter))}");
        }

        var sorted = await api.QueryAsync("order", ("$orderby", "total desc"));
        Assert.True(sorted.Status == HttpStatusCode.OK, $"{sorted.Body}");
        Assert.Equal(["two", "three", "one"], sorted.Titles);
    }

    [Fact]
    public async Task Chinese_text_is_found_by_contains()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-chinese");
        await api.Records.Metadata.CreateEntityAsync("lead", Field("title", "text", indexed: true));
        await api.Records.CreatedAsync("lead", new { title = "客户关系管理系统" });
        await api.Records.CreatedAsync("lead", new { title = "销售自动化" });

        Assert.Equal(["客户关系管理系统"], await api.TitlesAsync("lead", "contains(title, '关系管')"));
        Assert.Equal(["销售自动化"], await api.TitlesAsync("lead", "startswith(title, '销售')"));
    }

    /// <summary>Four deals (alpha, beta, gamma, and "empty" with no values but its title) and the company two of them point to.</summary>
    internal static async Task<(Guid Alpha, Guid Beta, Guid Gamma, Guid Empty, Guid Company)> DealsAsync(QueryClient api)
    {
        await api.Records.Metadata.CreateEntityAsync("company", Field("title", "text"));
        await api.Records.Metadata.CreateEntityAsync("deal", IndexedFields());
        var company = (await api.Records.CreatedAsync("company", new { title = "Acme 客户" })).Id;
        var alpha = await api.Records.CreatedAsync("deal", new
        {
            title = "Alpha", code = "A-1", quantity = 1, amount = 100.5m, closeDate = "2026-03-31", lastContactAt = "2026-03-31T09:30:00+08:00",
            isKey = true, stage = "won", account = company,
        });
        var beta = await api.Records.CreatedAsync("deal", new
        {
            title = "Beta", code = "B-2", quantity = 10, amount = 999.99m, closeDate = "2026-01-15", lastContactAt = "2026-03-30T12:00:00Z",
            isKey = false, stage = "open", account = company,
        });
        var gamma = await api.Records.CreatedAsync("deal", new
        {
            title = "Gamma", code = "C-3", quantity = 20, amount = 9999m, closeDate = "2025-12-31", lastContactAt = "2026-03-31T01:00:00Z",
            isKey = true, stage = "lost",
        });
        var empty = await api.Records.CreatedAsync("deal", new { title = "Empty" });
        return (alpha.Id, beta.Id, gamma.Id, empty.Id, company);
    }

    internal static object[] IndexedFields() =>
    [
        Field("title", "text", indexed: true),
        Field("code", "text", indexed: true),
        Field("notes", "text"),
        Field("quantity", "number", new { precision = 10, scale = 0 }, indexed: true),
        Field("amount", "currency", indexed: true),
        Field("closeDate", "date", indexed: true),
        Field("lastContactAt", "dateTime", indexed: true),
        Field("isKey", "boolean", indexed: true),
        Field("stage", "picklist", new
        {
            values = new object[]
            {
                new { apiName = "open", label = new { en = "Open" } }, new { apiName = "won", label = new { en = "Won" } },
                new { apiName = "lost", label = new { en = "Lost" } },
            },
        }, indexed: true),
        Field("account", "lookup", new { targetEntity = "company" }, indexed: true),
        Field("salesRep", "owner", indexed: true),
    ];
}

[Collection(OnSqlite.Name)]
public sealed class QueryFiltersOnSqlite(SqliteApp app) : QueryFiltersSpec(app);

[Collection(OnPostgres.Name)]
public sealed class QueryFiltersOnPostgres(PostgresApp app) : QueryFiltersSpec(app);
