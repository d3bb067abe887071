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
