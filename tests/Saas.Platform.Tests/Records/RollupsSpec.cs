using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Roll-up fields: count, sum, min and max of child records through a lookup, kept current by every child write.</summary>
public abstract class RollupsSpec(PlatformApp app)
{
    private static object Rollup(string apiName, string function, string? field = null, string? filter = null, bool? indexed = null) =>
        Field(apiName, "rollup", new { childEntity = "deal", lookupField = "account", function, field, filter }, indexed: indexed);

    private static async Task<QueryClient> AccountsAndDealsAsync(PlatformApp app, string prefix)
    {
        var query = await QueryClient.ForNewTenantAsync(app, prefix);
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("account", Field("title", "text"));
        await api.Metadata.CreateEntityAsync(
            "deal",
            Field("title", "text"),
            Field("account", "lookup", new { targetEntity = "account" }, indexed: true),
            Field("amount", "currency"),
            Field("closeDate", "date"),
            Field("stage", "picklist", new { values = new object[] { new { apiName = "open", label = new { en = "Open" } }, new { apiName = "won", label = new { en = "Won" } } } }));
        return query;
    }

    private static async Task AddRollupsAsync(RecordsClient api)
    {
        foreach (var rollup in new[]
        {
            Rollup("dealCount", "count"),
            Rollup("openTotal", "sum", "amount", "stage eq 'open'"),
            Rollup("firstClose", "min", "closeDate"),
            Rollup("biggest", "max", "amount", indexed: true),
        })
        {
            var answer = await api.Metadata.PostAsync("/account/fields", rollup);
            Assert.True(answer.Status == HttpStatusCode.Created, $"{answer.Status}: {answer.Body}");
        }
    }

    private static object Deal(Guid account, decimal amount, string closeDate, string stage = "open") =>
        new { title = "Deal", account = account.ToString(), amount, closeDate, stage };

    private static (decimal Count, decimal? OpenTotal, string? FirstClose, decimal? Biggest) Rollups(JsonNode account) => (
        account["dealCount"]!.GetValue<decimal>(),
        account["openTotal"]?.GetValue<decimal>(),
        account["firstClose"]?.GetValue<string>(),
        account["biggest"]?.GetValue<decimal>());

    [Fact]
    public async Task A_new_rollup_is_computed_for_the_records_that_exist()
    {
        var api = (await AccountsAndDealsAsync(app, "ru-backfill")).Records;
        var acme = await api.CreatedAsync("account", new { title = "Acme" });
        var empty = await api.CreatedAsync("account", new { title = "Empty" });
        await api.CreatedAsync("deal", Deal(acme.Id, 100m, "2026-05-01"));
        await api.CreatedAsync("deal", Deal(acme.Id, 250m, "2026-03-01", "won"));

        await AddRollupsAsync(api);

        Assert.Equal((2m, 100m, "2026-03-01", 250m), Rollups((await api.GetAsync("account", acme.Id)).Body!));
        Assert.Equal((0m, 0m, null, null), Rollups((await api.GetAsync("account", empty.Id)).Body!));
    }

    [Fact]
    public async Task Every_child_write_updates_its_parents_in_the_same_transaction_with_history_and_a_new_version()
    {
        var query = await AccountsAndDealsAsync(app, "ru-writes");
        var api = query.Records;
        await AddRollupsAsync(api);
        var acme = await api.CreatedAsync("account", new { title = "Acme" });
        var globex = await api.CreatedAsync("account", new { title = "Globex" });

        var first = await api.CreatedAsync("deal", Deal(acme.Id, 100m, "2026-05-01"));
        var second = await api.CreatedAsync("deal", Deal(acme.Id, 300m, "2026-04-01"));
        var afterCreates = (await api.GetAsync("account", acme.Id)).Body!;
        Assert.Equal((2m, 400m, "2026-04-01", 300m), Rollups(afterCreates));
        Assert.Equal(acme.Body!["modifiedAt"]!.ToJsonString(), afterCreates["modifiedAt"]!.ToJsonString());
        Assert.True(afterCreates["version"]!.GetValue<int>() > 1);

        // Moving a deal to another account changes both accounts.
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("deal", second.Id, new { account = globex.Id.ToString() })).Status);
        Assert.Equal((1m, 100m, "2026-05-01", 100m), Rollups((await api.GetAsync("account", acme.Id)).Body!));
        Assert.Equal((1m, 300m, "2026-04-01", 300m), Rollups((await api.GetAsync("account", globex.Id)).Body!));

        // The filter: a won deal leaves the open total.
        await api.PatchAsync("deal", first.Id, new { stage = "won" });
        Assert.Equal((1m, 0m, "2026-05-01", 100m), Rollups((await api.GetAsync("account", acme.Id)).Body!));

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("deal", first.Id)).Status);
        Assert.Equal((0m, 0m, null, null), Rollups((await api.GetAsync("account", acme.Id)).Body!));
        Assert.Equal(HttpStatusCode.OK, (await api.RestoreAsync("deal", first.Id)).Status);
        Assert.Equal((1m, 0m, "2026-05-01", 100m), Rollups((await api.GetAsync("account", acme.Id)).Body!));

        var history = (await api.HistoryAsync("account", acme.Id)).Body!.AsArray().Where(r => r!["field"]!.GetValue<string>() == "dealCount")
            .Select(r => r!["newValue"]!.GetValue<decimal>()).ToList();
        Assert.Equal([1m, 0m, 1m, 2m, 1m], history);

        // An indexed roll-up filters like any indexed field.
        var big = await query.QueryAsync("account", ("$filter", "biggest gt 200"));
        Assert.Equal(HttpStatusCode.OK, big.Status);
        Assert.Equal(["Globex"], big.Titles);
    }

    [Fact]
    public async Task A_rollup_is_read_only_and_its_settings_are_checked()
    {
        var api = (await AccountsAndDealsAsync(app, "ru-rules")).Records;
        await AddRollupsAsync(api);

        var written = await api.CreateAsync("account", new { title = "Acme", dealCount = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, written.Status);
        Assert.Contains("read-only", written.Messages("dealCount"), StringComparison.Ordinal);

        var bad = await api.Metadata.PostAsync("/account/fields", Field("wrong", "rollup", new { childEntity = "deal", lookupField = "title", function = "sum", field = "closeDate", filter = "nope eq 1" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(["settings.field", "settings.filter", "settings.lookupField"], bad.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var missing = await api.Metadata.PostAsync("/account/fields", Field("wrong", "rollup", new { childEntity = "nothing", lookupField = "account", function = "avg" }));
        Assert.Equal(["settings.function"], missing.Errors.Select(e => e.Key));

        var lookupInUse = await api.Metadata.DeleteAsync("/deal/fields/account");
        Assert.Equal(HttpStatusCode.Conflict, lookupInUse.Status);
        Assert.Contains("account.dealCount", lookupInUse.Detail, StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class RollupsOnSqlite(SqliteApp app) : RollupsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class RollupsOnPostgres(PostgresApp app) : RollupsSpec(app);
