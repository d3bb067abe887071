using System.Net;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>A formula whose expression changes is recomputed for the existing records by a background job of the tenant.</summary>
public abstract class FormulaRecomputeSpec(PlatformApp app)
{
    [Fact]
    public async Task Changing_a_formula_rewrites_the_stored_values_index_and_history_of_existing_records()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "fx-recompute");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync(
            "line",
            Field("title", "text", indexed: true),
            Field("price", "currency"),
            Field("quantity", "number"),
            Field("total", "formula", new { expression = "price mul quantity", resultType = "currency" }, indexed: true));
        var small = await api.CreatedAsync("line", new { title = "small", price = 10m, quantity = 2 });
        var large = await api.CreatedAsync("line", new { title = "large", price = 100m, quantity = 3 });
        var other = await RecordsClient.ForNewTenantAsync(app, "fx-recompute-other");
        await other.Metadata.CreateEntityAsync("line", Field("price", "currency"), Field("total", "formula", new { expression = "price", resultType = "currency" }));
        var untouched = await other.CreatedAsync("line", new { price = 7m });

        var patched = await api.Metadata.PatchAsync("/line/fields/total", new { settings = new { expression = "price add quantity", resultType = "currency" } });
        Assert.Equal(HttpStatusCode.OK, patched.Status);

        // The job runs in the background: wait until it reached the last record.
        for (var i = 0; i < 300 && (await api.GetAsync("line", large.Id)).Body!["total"]!.GetValue<decimal>() != 103m; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var smallNow = (await api.GetAsync("line", small.Id)).Body!;
        var largeNow = (await api.GetAsync("line", large.Id)).Body!;
        Assert.Equal((12m, 103m), (smallNow["total"]!.GetValue<decimal>(), largeNow["total"]!.GetValue<decimal>()));
        Assert.Equal(small.Body!["modifiedAt"]!.ToJsonString(), smallNow["modifiedAt"]!.ToJsonString());
        Assert.Equal(2, smallNow["version"]!.GetValue<int>());
        Assert.Equal(["large"], await query.TitlesAsync("line", "total gt 100"));
        var history = (await api.HistoryAsync("line", large.Id)).Body!.AsArray().First()!;
        Assert.Equal(("total", 300m, 103m, "system:formula-recompute"),
            (history["field"]!.GetValue<string>(), history["oldValue"]!.GetValue<decimal>(), history["newValue"]!.GetValue<decimal>(), history["changedBy"]!.GetValue<string>()));
        Assert.Equal(7m, (await other.GetAsync("line", untouched.Id)).Body!["total"]!.GetValue<decimal>());
    }
}

[Collection(OnSqlite.Name)]
public sealed class FormulaRecomputeOnSqlite(SqliteApp app) : FormulaRecomputeSpec(app);

[Collection(OnPostgres.Name)]
public sealed class FormulaRecomputeOnPostgres(PostgresApp app) : FormulaRecomputeSpec(app);
