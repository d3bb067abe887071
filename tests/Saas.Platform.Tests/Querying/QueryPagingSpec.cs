using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Querying;

/// <summary>Keyset paging by @odata.nextLink: every record once, even while records are inserted between pages.</summary>
public abstract class QueryPagingSpec(PlatformApp app)
{
    [Fact]
    public async Task Paging_through_120_records_visits_each_exactly_once_while_records_are_inserted()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-paging");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("rank", "number", new { precision = 10, scale = 0 }, indexed: true));
        var existing = new HashSet<string>();
        for (var i = 0; i < 120; i++)
        {
            // Ranks repeat, so the id decides between equal ranks at page boundaries.
            await api.Records.CreatedAsync("item", new { title = $"item-{i:000}", rank = i % 7 });
            existing.Add($"item-{i:000}");
        }

        var seen = new List<string>();
        var answer = await api.QueryAsync("item", ("$orderby", "rank desc,title"), ("$top", "50"), ("$count", "true"));
        Assert.Equal(120, answer.Body!["@odata.count"]!.GetValue<int>());
        var pages = 0;
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            seen.AddRange(answer.Titles);
            pages++;
            if (answer.NextLink is not { } next)
            {
                break;
            }

            Assert.Contains($"/t/{api.Records.Tenant}/api/data/item?", next, StringComparison.Ordinal);
            // Before and after the boundary: rank 6 sorts first, rank 0 last, and -1 (no such rank before) after everything.
            await api.Records.CreatedAsync("item", new { title = $"new-first-{pages}", rank = 6 });
            await api.Records.CreatedAsync("item", new { title = $"new-last-{pages}", rank = -1 });
            answer = await api.GetAsync(next);
        }

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), existing);
        Assert.DoesNotContain(seen, t => t.StartsWith("new-first", StringComparison.Ordinal));
        Assert.Contains(seen, t => t.StartsWith("new-last", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rank")]
    [InlineData("rank desc")]
    [InlineData("code")]
    [InlineData("code desc")]
    [InlineData("due desc")]
    public async Task Paging_by_one_field_visits_every_record_once_in_order_with_ties_by_id_the_same_way_and_records_without_a_value_first_ascending_last_descending(string orderBy)
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-onekey");
        await api.Records.Metadata.CreateEntityAsync("item",
            Field("title", "text"), Field("code", "text", indexed: true), Field("rank", "number", new { precision = 10, scale = 0 }, indexed: true),
            Field("due", "date", indexed: true), Field("flag", "boolean", indexed: true));
        for (var i = 0; i < 23; i++)
        {
            // Every fifth record has no values; the others repeat them, so ids decide between equal values.
            await api.Records.CreatedAsync("item", i % 5 == 4
                ? new { title = $"item-{i:00}", flag = i % 2 == 0 }
                : (object)new { title = $"item-{i:00}", code = $"C{i % 3}", rank = i % 4, due = $"2026-0{1 + (i % 3)}-15", flag = i % 2 == 0 });
        }

        var all = (await api.QueryAsync("item", ("$top", "1000"), ("$filter", "flag eq true or flag eq false"))).Value;
        var field = orderBy.Split(' ')[0];
        var descending = orderBy.EndsWith(" desc", StringComparison.Ordinal);
        var valued = all.Where(r => r![field] is not null).ToList();
        valued = [.. descending
            ? valued.OrderByDescending(r => Key(r!, field)).ThenByDescending(r => Id(r!), StringComparer.Ordinal)
            : valued.OrderBy(r => Key(r!, field)).ThenBy(r => Id(r!), StringComparer.Ordinal)];
        var empty = all.Where(r => r![field] is null).ToList();
        empty = [.. descending ? empty.OrderByDescending(r => Id(r!), StringComparer.Ordinal) : empty.OrderBy(r => Id(r!), StringComparer.Ordinal)];
        string[] expected = [.. (descending ? valued.Concat(empty) : empty.Concat(valued)).Select(r => r!["title"]!.GetValue<string>())];

        var seen = new List<string>();
        var answer = await api.QueryAsync("item", ("$orderby", orderBy), ("$top", "4"), ("$filter", "flag eq true or flag eq false"));
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            seen.AddRange(answer.Titles);
            if (answer.NextLink is not { } next)
            {
                break;
            }

            answer = await api.GetAsync(next);
        }

        Assert.Equal(23, expected.Length);
        Assert.Equal(expected, seen);
    }

    private static string Id(System.Text.Json.Nodes.JsonNode record) => record["id"]!.GetValue<string>().ToLowerInvariant();

    private static IComparable Key(System.Text.Json.Nodes.JsonNode record, string field) =>
        field == "rank" ? record[field]!.GetValue<decimal>() : (IComparable)record[field]!.GetValue<string>().ToLowerInvariant();

    [Fact]
    public async Task The_default_order_is_creation_and_top_is_bounded()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-top");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text"));
        for (var i = 0; i < 55; i++)
        {
            await api.Records.CreatedAsync("item", new { title = $"item-{i:00}" });
        }

        var first = await api.QueryAsync("item");
        Assert.Equal(50, first.Value.Count);
        Assert.Equal("item-00", first.Titles[0]);
        var second = await api.GetAsync(first.NextLink!);
        Assert.Equal([.. Enumerable.Range(50, 5).Select(i => $"item-{i:00}")], second.Titles);
        Assert.Null(second.NextLink);

        Assert.Empty((await api.QueryAsync("item", ("$top", "0"), ("$count", "true"))).Value);
        Assert.Equal(55, (await api.QueryAsync("item", ("$top", "1000"))).Value.Count);
        foreach (var top in new[] { "1001", "-1", "ten" })
        {
            var refused = await api.QueryAsync("item", ("$top", top));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("from 0 to 1000", refused.Messages("$top"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_that_was_altered_or_reused_with_another_order_is_refused()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-token");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true));
        for (var i = 0; i < 3; i++)
        {
            await api.Records.CreatedAsync("item", new { title = $"item-{i}" });
        }

        var next = (await api.QueryAsync("item", ("$top", "1"))).NextLink!;
        var token = Uri.UnescapeDataString(next[(next.IndexOf("$skiptoken=", StringComparison.Ordinal) + 11)..]);
        var altered = await api.QueryAsync("item", ("$top", "1"), ("$skiptoken", token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]));
        Assert.Equal(HttpStatusCode.BadRequest, altered.Status);
        Assert.Contains("not one this service issued", altered.Messages("$skiptoken"), StringComparison.Ordinal);
        var reordered = await api.QueryAsync("item", ("$top", "1"), ("$orderby", "title desc"), ("$skiptoken", token));
        Assert.Equal(HttpStatusCode.BadRequest, reordered.Status);
        Assert.Contains("another query", reordered.Messages("$skiptoken"), StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class QueryPagingOnSqlite(SqliteApp app) : QueryPagingSpec(app);

[Collection(OnPostgres.Name)]
public sealed class QueryPagingOnPostgres(PostgresApp app) : QueryPagingSpec(app);
