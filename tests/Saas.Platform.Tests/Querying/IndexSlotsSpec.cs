using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Querying;

/// <summary>
/// Indexed text, number and date fields take typed columns of the records table while an entity has free ones (five of
/// each kind); the others are queried through the index table. Either way a query answers the same, and a column never
/// shows a value of the field that held it before.
/// </summary>
public abstract class IndexSlotsSpec(PlatformApp app)
{
    [Fact]
    public async Task Eight_indexed_texts_filter_sort_and_page_alike_though_only_five_have_a_column()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-many");
        string[] codes = ["c1", "c2", "c3", "c4", "c5", "c6", "c7"];
        await api.Records.Metadata.CreateEntityAsync("item", [Field("title", "text", indexed: true), .. codes.Select(c => Field(c, "text", indexed: true))]);
        for (var i = 0; i < 15; i++)
        {
            // Every code field holds the same value, so every field must answer the same; every fourth record has none.
            var record = new Dictionary<string, object?> { ["title"] = $"item-{i:00}" };
            foreach (var code in codes)
            {
                record[code] = i % 4 == 3 ? null : $"V{i % 5}";
            }

            await api.Records.CreatedAsync("item", record);
        }

        var answers = new List<string>();
        foreach (var code in codes)
        {
            var filtered = await api.TitlesAsync("item", $"{code} gt 'v1' and {code} ne 'v3'", orderBy: $"{code} desc");
            var paged = await PagesAsync(api, "item", $"{code},title", pageSize: 4);
            var empty = await api.TitlesAsync("item", $"{code} eq null");
            answers.Add($"{string.Join(",", filtered)} | {string.Join(",", paged)} | {string.Join(",", empty)}");
        }

        Assert.Equal(15, (await PagesAsync(api, "item", "c7 desc", pageSize: 4)).Count);
        Assert.Single(answers.Distinct());
        Assert.StartsWith("item-14,item-09,item-04,item-12,item-02", answers[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_that_takes_a_purged_fields_column_sees_none_of_its_values()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-purge");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("code", "text", indexed: true), Field("amount", "number", indexed: true));
        await api.Records.CreatedAsync("item", new { title = "one", code = "old", amount = 5 });
        await api.Records.CreatedAsync("item", new { title = "two", code = "old", amount = 6 });
        foreach (var field in new[] { "code", "amount" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await api.Records.Metadata.DeleteAsync($"/item/fields/{field}")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await api.Records.Metadata.DeleteAsync($"/item/fields/{field}?purge=true")).Status);
        }

        await api.Records.Metadata.PostAsync("/item/fields", new { apiName = "label", label = new { en = "Label" }, type = "text", indexed = true });
        await api.Records.Metadata.PostAsync("/item/fields", new { apiName = "size", label = new { en = "Size" }, type = "number", indexed = true });

        Assert.Empty(await api.TitlesAsync("item", "label eq 'old'"));
        Assert.Empty(await api.TitlesAsync("item", "size gt 0"));
        Assert.Equal(["one", "two"], await api.TitlesAsync("item", "label eq null and size eq null"));
        Assert.Equal(["two", "one"], await api.TitlesAsync("item", "true", orderBy: "size desc"));
    }

    [Fact]
    public async Task A_purged_fields_column_goes_to_the_next_field_waiting_for_one_with_its_values()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-handover");
        string[] codes = ["c1", "c2", "c3", "c4", "c5", "c6"];
        await api.Records.Metadata.CreateEntityAsync("item", [Field("title", "text", indexed: true), .. codes.Select(c => Field(c, "text", indexed: true))]);
        for (var i = 0; i < 6; i++)
        {
            // The title and c1..c4 fill the five text columns; c5 and c6 wait, read from the index table.
            await api.Records.CreatedAsync("item", codes.ToDictionary(c => c, c => (object?)(i == 2 ? null : $"{c}-v{i % 3}")).Append(new("title", $"item-{i}")).ToDictionary());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.Records.Metadata.DeleteAsync("/item/fields/c2")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Records.Metadata.DeleteAsync("/item/fields/c2?purge=true")).Status);
        await api.Records.CreatedAsync("item", new { title = "item-6", c5 = "c5-v1", c6 = "c6-v1" });

        // c5 now has c2's column, and c6 takes c1's when c1 is no longer indexed: they answer their own values, none of
        // the columns' earlier ones.
        Assert.Equal(HttpStatusCode.OK, (await api.Records.Metadata.PatchAsync("/item/fields/c1", new { indexed = false })).Status);
        foreach (var code in new[] { "c5", "c6" })
        {
            Assert.Equal(["item-1", "item-4", "item-6"], await api.TitlesAsync("item", $"{code} eq '{code}-v1'"));
            Assert.Empty(await api.TitlesAsync("item", $"{code} eq 'c1-v1' or {code} eq 'c2-v1'"));
            Assert.Equal(["item-2"], await api.TitlesAsync("item", $"{code} eq null"));
            Assert.Equal(["item-5", "item-1", "item-4", "item-6", "item-0", "item-3"], await api.TitlesAsync("item", $"{code} ne null", orderBy: $"{code} desc,title"));
        }
    }

    [Fact]
    public async Task A_deleted_field_keeps_its_column_until_purged_so_restoring_it_restores_its_queries()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-restore");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("code", "text", indexed: true));
        await api.Records.CreatedAsync("item", new { title = "one", code = "kept" });
        await api.Records.Metadata.DeleteAsync("/item/fields/code");
        await api.Records.Metadata.PostAsync("/item/fields", new { apiName = "other", label = new { en = "Other" }, type = "text", indexed = true });
        await api.Records.CreatedAsync("item", new { title = "two", other = "new" });
        await api.Records.Metadata.PostAsync("/item/fields/code/restore", null);

        Assert.Equal(["one"], await api.TitlesAsync("item", "code eq 'kept'"));
        Assert.Equal(["two"], await api.TitlesAsync("item", "other eq 'new'"));
        Assert.Equal(["two"], await api.TitlesAsync("item", "code eq null"));
    }

    [Fact]
    public async Task Changing_a_fields_type_or_index_flag_moves_its_values_between_columns()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-change");
        await api.Records.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("code", "number", indexed: true));
        await api.Records.CreatedAsync("item", new { title = "one", code = 7 });
        await api.Records.CreatedAsync("item", new { title = "two", code = 12 });

        Assert.Equal(HttpStatusCode.OK, (await api.Records.Metadata.PatchAsync("/item/fields/code", new { type = "text" })).Status);
        Assert.Equal(["one"], await api.TitlesAsync("item", "code eq '7'"));
        Assert.Equal(["one", "two"], await api.TitlesAsync("item", "true", orderBy: "code desc")); // "7" > "12" as texts

        // The number column the field left is free again, and empty.
        await api.Records.Metadata.PostAsync("/item/fields", new { apiName = "size", label = new { en = "Size" }, type = "number", indexed = true });
        Assert.Equal(["one", "two"], await api.TitlesAsync("item", "size eq null"));

        Assert.Equal(HttpStatusCode.OK, (await api.Records.Metadata.PatchAsync("/item/fields/code", new { indexed = false })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Records.Metadata.PatchAsync("/item/fields/code", new { indexed = true })).Status);
        Assert.Equal(["two"], await api.TitlesAsync("item", "code eq '12'"));
        await api.Records.PatchAsync("item", (await api.Records.CreatedAsync("item", new { title = "three", code = "5" })).Id, new { code = "50" });
        Assert.Equal(["one", "three", "two"], await api.TitlesAsync("item", "code ne null", orderBy: "code desc"));
    }

    [Fact]
    public async Task Reports_group_and_sum_alike_whether_the_fields_have_a_column_or_not()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "slots-report");
        var stages = new { values = new[] { new { apiName = "open", label = new { en = "Open" }, order = 0 }, new { apiName = "won", label = new { en = "Won" }, order = 1 } } };
        int[] numbers = [1, 2, 3, 4, 5, 6];
        await api.Records.Metadata.CreateEntityAsync("item", [
            Field("title", "text", indexed: true),
            .. numbers.Select(n => Field($"amount{n}", "currency", indexed: true)),
            .. numbers.Select(n => Field($"stage{n}", "picklist", settings: stages, indexed: true))]);
        for (var i = 0; i < 7; i++)
        {
            // Every amount field holds the same value and every stage field the same choice; some records have neither.
            var record = new Dictionary<string, object?> { ["title"] = $"item-{i}" };
            foreach (var n in numbers)
            {
                record[$"amount{n}"] = i % 3 == 2 ? null : 100m * i;
                record[$"stage{n}"] = i % 4 == 3 ? null : i % 2 == 0 ? "open" : "won";
            }

            await api.Records.CreatedAsync("item", record);
        }

        // amount1 and stage1 have a column; amount6 and stage6 (the sixth of their kind) are read from the index table.
        var answers = new List<string>();
        foreach (var (amount, stage) in new[] { (1, 1), (6, 6), (1, 6), (6, 1) })
        {
            var report = await api.GetAsync($"/t/{api.Records.Tenant}/api/reports/item?groupBy=stage{stage}&aggregate=sum&field=amount{amount}&$filter=amount{amount} ne 400");
            Assert.Equal(HttpStatusCode.OK, report.Status);
            answers.Add(string.Join(" ", report.Body!["groups"]!.AsArray().Select(g => $"{g!["key"]}:{g["count"]}:{g["value"]?.GetValue<decimal>():0}"))
                + $" = {report.Body["count"]}:{report.Body["value"]!.GetValue<decimal>():0}");
        }

        Assert.Single(answers.Distinct());
        Assert.Equal("open:3:600 won:2:100 :1:300 = 6:1000", answers[0]);
    }

    private static async Task<List<string>> PagesAsync(QueryClient api, string entity, string orderBy, int pageSize)
    {
        var seen = new List<string>();
        var answer = await api.QueryAsync(entity, ("$orderby", orderBy), ("$top", $"{pageSize}"));
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            seen.AddRange(answer.Titles);
            if (answer.NextLink is not { } next)
            {
                return seen;
            }

            answer = await api.GetAsync(next);
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class IndexSlotsOnSqlite(SqliteApp app) : IndexSlotsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class IndexSlotsOnPostgres(PostgresApp app) : IndexSlotsSpec(app);
