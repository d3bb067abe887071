using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Formula fields are computed on every write and stored with the record, its history and its index, through the HTTP API.</summary>
public abstract class RecordFormulasSpec(ClockedApp app)
{
    private static object Formula(string apiName, string expression, string resultType, bool? indexed = null) =>
        Field(apiName, "formula", new { expression, resultType }, indexed: indexed);

    private static async Task<RecordsClient> DealsAsync(ClockedApp app, string prefix)
    {
        var api = await RecordsClient.ForNewTenantAsync(app, prefix);
        await api.Metadata.CreateEntityAsync(
            "deal",
            Field("firstName", "text"),
            Field("lastName", "text"),
            Field("amount", "currency"),
            Field("cost", "currency"),
            Field("closeDate", "date"),
            Formula("margin", "amount sub cost", "currency", indexed: true),
            Formula("marginRate", "margin mul 100 div amount", "percent"),
            Formula("fullName", "concat(concat(firstName, ' '), lastName)", "text", indexed: true),
            Formula("closeYear", "year(closeDate)", "number"),
            Formula("isBig", "margin gt 1000", "boolean", indexed: true),
            Formula("writtenOn", "date(now())", "date"));
        return api;
    }

    private static object Deal(decimal amount, decimal cost) => new { firstName = "Li", lastName = "Wei", amount, cost, closeDate = "2026-03-31" };

    [Fact]
    public async Task A_create_stores_every_formula_and_chained_formulas_read_the_ones_they_follow()
    {
        var api = await DealsAsync(app, "fx-create");

        var created = await api.CreatedAsync("deal", Deal(5000m, 3000.5m));

        var body = (await api.GetAsync("deal", created.Id)).Body!;
        Assert.Equal(1999.5m, body["margin"]!.GetValue<decimal>());
        Assert.Equal(39.99m, body["marginRate"]!.GetValue<decimal>());
        Assert.Equal("Li Wei", body["fullName"]!.GetValue<string>());
        Assert.Equal(2026m, body["closeYear"]!.GetValue<decimal>());
        Assert.True(body["isBig"]!.GetValue<bool>());
        Assert.Equal(app.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), body["writtenOn"]!.GetValue<string>());
        Assert.Equal(created.Body!.ToJsonString(), body.ToJsonString());
    }

    [Fact]
    public async Task A_patch_recomputes_the_formulas_that_read_what_it_changed_and_writes_their_history()
    {
        var api = await DealsAsync(app, "fx-patch");
        var created = await api.CreatedAsync("deal", Deal(5000m, 3000.5m));

        var patched = await api.PatchAsync("deal", created.Id, new { cost = 4500m });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal((500m, 10m, false), (patched.Body!["margin"]!.GetValue<decimal>(), patched.Body["marginRate"]!.GetValue<decimal>(), patched.Body["isBig"]!.GetValue<bool>()));
        var history = (await api.HistoryAsync("deal", created.Id)).Body!.AsArray().Where(row => row!["version"]!.GetValue<int>() == 2).ToList();
        Assert.Equal(["cost", "isBig", "margin", "marginRate"], history.Select(row => row!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var margin = history.Single(row => row!["field"]!.GetValue<string>() == "margin")!;
        Assert.Equal((1999.5m, 500m), (margin["oldValue"]!.GetValue<decimal>(), margin["newValue"]!.GetValue<decimal>()));
        var firstWrite = (await api.HistoryAsync("deal", created.Id)).Body!.AsArray().Where(row => row!["version"]!.GetValue<int>() == 1);
        Assert.Contains(firstWrite, row => row!["field"]!.GetValue<string>() == "fullName" && row["newValue"]!.GetValue<string>() == "Li Wei");
    }

    [Fact]
    public async Task Indexed_formulas_are_written_to_the_index_table_in_their_result_type_and_follow_a_patch()
    {
        var api = await DealsAsync(app, "fx-index");
        var created = await api.CreatedAsync("deal", Deal(5000m, 3000.5m));
        await api.PatchAsync("deal", created.Id, new { cost = 4500m, lastName = "WANG" });

        var rows = await IndexRowsAsync(api, created.Id);

        Assert.Equal(500m, rows["margin"].Single().NumberValue);
        Assert.Equal("li wang", rows["fullName"].Single().TextValue);
        Assert.False(rows["isBig"].Single().BoolValue);
        Assert.False(rows.ContainsKey("marginRate"));
        Assert.False(rows.ContainsKey("closeYear"));
    }

    [Fact]
    public async Task A_formula_that_cannot_be_computed_is_stored_empty_and_the_write_succeeds()
    {
        var api = await DealsAsync(app, "fx-error");

        var created = await api.CreatedAsync("deal", Deal(0m, 200m));
        var fixedUp = await api.PatchAsync("deal", created.Id, new { amount = 400m });

        Assert.Null(created.Body!["marginRate"]);
        Assert.Equal(-200m, created.Body["margin"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.OK, fixedUp.Status);
        Assert.Equal(50m, fixedUp.Body!["marginRate"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("POST")] // a create
    [InlineData("PATCH")] // an update
    public async Task A_write_that_gives_a_formula_a_value_is_refused(string method)
    {
        var api = await DealsAsync(app, "fx-readonly");
        var created = await api.CreatedAsync("deal", Deal(10m, 1m));

        var refused = method == "POST"
            ? await api.CreateAsync("deal", new { amount = 10m, margin = 99m })
            : await api.PatchAsync("deal", created.Id, new { margin = 99m });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("read-only", refused.Messages("margin"), StringComparison.Ordinal);
        Assert.Equal(9m, (await api.GetAsync("deal", created.Id)).Body!["margin"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_changed_expression_is_recomputed_for_stored_records_in_the_background_and_by_the_next_write()
    {
        var api = await DealsAsync(app, "fx-stale");
        var created = await api.CreatedAsync("deal", Deal(5000m, 3000m));
        var changed = await api.Metadata.PatchAsync("/deal/fields/margin", new { settings = new { expression = "amount sub cost sub 100", resultType = "currency" } });
        Assert.Equal(HttpStatusCode.OK, changed.Status);

        // The tenant's recompute job rewrites the stored value; wait for it.
        for (var i = 0; i < 300 && (await api.GetAsync("deal", created.Id)).Body!["margin"]!.GetValue<decimal>() != 1900m; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var recomputed = (await api.GetAsync("deal", created.Id)).Body!;
        app.Clock.Advance(TimeSpan.FromDays(1));
        var written = await api.PatchAsync("deal", created.Id, new { firstName = "Lee" }, $"\"{recomputed["version"]!.GetValue<int>()}\"");

        Assert.Equal(1900m, recomputed["margin"]!.GetValue<decimal>());
        Assert.True(written.Status == HttpStatusCode.OK, $"{written.Status}: {written.Body}");
        Assert.Equal(1900m, written.Body!["margin"]!.GetValue<decimal>());
        Assert.Equal(1900m, (await IndexRowsAsync(api, created.Id))["margin"].Single().NumberValue);
        Assert.Equal(app.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), written.Body["writtenOn"]!.GetValue<string>());
    }

    /// <summary>The record's rows of the typed index, by field api name, read through the host's DbContext (queries are built elsewhere).</summary>
    private async Task<Dictionary<string, List<Saas.Platform.Records.RecordValue>>> IndexRowsAsync(RecordsClient api, Guid recordId)
    {
        var fields = (await api.Metadata.GetAsync("/deal/fields")).Body!.AsArray()
            .ToDictionary(f => Guid.Parse(f!["id"]!.GetValue<string>()), f => f!["apiName"]!.GetValue<string>());
        var rows = await app.InTenantAsync(await app.TenantAsync(api.Tenant), services =>
            services.GetRequiredService<TenantDbContext>().RecordValues.AsNoTracking().Where(v => v.RecordId == recordId).ToListAsync(TestContext.Current.CancellationToken));
        return rows.GroupBy(r => fields[r.FieldId]).ToDictionary(g => g.Key, g => g.ToList());
    }
}

[Collection(ClockedOnSqlite.Name)]
public sealed class RecordFormulasOnSqlite(ClockedSqliteApp app) : RecordFormulasSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class RecordFormulasOnPostgres(ClockedPostgresApp app) : RecordFormulasSpec(app);
