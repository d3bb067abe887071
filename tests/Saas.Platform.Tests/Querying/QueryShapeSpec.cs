using System.Net;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Records;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Querying;

/// <summary>Refusals as 400s keyed by option, injection attempts, $select, $expand, $count, deleted records and tenants.</summary>
public abstract class QueryShapeSpec(PlatformApp app)
{
    [Fact]
    public async Task Bad_options_are_400s_keyed_by_the_option_with_the_reason()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-errors");
        await QueryFiltersSpec.DealsAsync(api);

        (string Option, string Value, string Message)[] cases =
        [
            // a field that is not indexed names itself and says what to do
            ("$filter", "notes eq 'x'", "The field 'notes' is not indexed"),
            ("$orderby", "notes desc", "Mark it indexed"),
            // parse errors carry the parser's position and reason
            ("$filter", "amount gt", "position 9"),
            ("$filter", "nope eq 1", "There is no field 'nope' (at position 0)"),
            ("$orderby", "amount sideways", "position"),
            // what cannot use the index is refused, not scanned
            ("$filter", "amount gt quantity", "Compare a field with a literal value"),
            ("$filter", "month(createdAt) eq 3", "use a range"),
            ("$filter", "day(closeDate) eq 32", "between 1 and 31"),
            ("$filter", "month(amount) eq 3", "No function signature"),
            ("$orderby", "account", "no meaningful order"),
            ("$select", "title,nope", "There is no field 'nope'"),
            ("$expand", "title", "not a lookup field"),
            ("$count", "maybe", "true or false"),
            ("$skip", "10", "not supported"),
        ];
        foreach (var (option, value, message) in cases)
        {
            var answer = await api.QueryAsync("deal", (option, value));
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{option}={value}: {answer.Status} {answer.Body}");
            Assert.Contains(message, answer.Messages(option), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.QueryAsync("nothing")).Status);
    }

    [Fact]
    public async Task A_query_on_another_node_answers_with_the_metadata_of_that_moment()
    {
        var (created, key) = await app.CreateTenantAsync("q-nodes");
        var here = new RecordsClient(app.ClientWithKey(key), created.Identifier);
        await QueryFiltersSpec.DealsAsync(new QueryClient(app.ClientWithKey(key), here));
        using var otherNode = app.WithWebHostBuilder(_ => { }); // a second host on the same database, with its own caches
        var elsewhere = otherNode.CreateClient();
        elsewhere.DefaultRequestHeaders.Add("X-Api-Key", key);
        var there = new QueryClient(elsewhere, here.As(elsewhere));

        // The other node answers a full page from the metadata it last read, so the code field is still known there ...
        Assert.Equal(2, (await there.QueryAsync("deal", ("$select", "code"), ("$top", "2"))).Value.Count);
        Assert.Equal(HttpStatusCode.NoContent, (await here.Metadata.DeleteAsync("/deal/fields/code")).Status);
        await here.Metadata.PostAsync("/deal/fields", Field("priority", "number", new { precision = 3, scale = 0 }, indexed: true));

        // ... until a change here: its next page is answered with the new fields, not from what it knew.
        var deleted = await there.QueryAsync("deal", ("$select", "code"), ("$top", "2"));
        Assert.Equal(HttpStatusCode.BadRequest, deleted.Status);
        Assert.Contains("There is no field 'code'", deleted.Messages("$select"), StringComparison.Ordinal);
        Assert.Equal(2, (await there.QueryAsync("deal", ("$filter", "priority eq null"), ("$top", "2"))).Value.Count);
    }

    [Fact]
    public async Task Injection_attempts_are_refused_or_plain_literals_and_the_tables_stay()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-inject");
        await QueryFiltersSpec.DealsAsync(api);
        await api.Records.CreatedAsync("deal", new { title = "'); DROP TABLE \"Records\"; --", code = "x" });

        string[] refused = ["title eq ''); DROP TABLE \"Records\"; --", "1 eq 1) or (1 eq 1", "title eq 'a' or 1 eq 1; DELETE FROM \"RecordValues\""];
        foreach (var filter in refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await api.QueryAsync("deal", ("$filter", filter))).Status);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.QueryAsync("deal", ("$orderby", "title; DROP TABLE \"Records\"; --"))).Status);
        Assert.Equal(["'); drop table \"records\"; --"], await api.TitlesAsync("deal", "title eq '''); DROP TABLE \"Records\"; --'"));
        Assert.Equal(["'); drop table \"records\"; --"], await api.TitlesAsync("deal", "contains(title, '%'' or ''1''=''1') or contains(title, 'drop')"));
        Assert.Equal(5, (await api.QueryAsync("deal")).Value.Count);
    }

    [Fact]
    public async Task Select_expand_and_count_shape_the_answer()
    {
        var api = await QueryClient.ForNewTenantAsync(app, "q-shape");
        var (alpha, _, _, _, company) = await QueryFiltersSpec.DealsAsync(api);

        var selected = await api.QueryAsync("deal", ("$select", "amount,createdAt"), ("$filter", $"id eq {alpha}"));
        Assert.Equal(["amount", "createdAt", "id"], selected.Value[0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(100.5m, selected.Value[0]!["amount"]!.GetValue<decimal>());

        var expanded = await api.QueryAsync("deal", ("$select", "title"), ("$expand", "account"), ("$filter", "account ne null"), ("$count", "true"));
        Assert.Equal(2, expanded.Body!["@odata.count"]!.GetValue<int>());
        var account = expanded.Value[0]!["account"]!;
        Assert.Equal((company.ToString(), "Acme 客户"), (account["id"]!.GetValue<string>(), account["name"]!.GetValue<string>()));

        var counted = await api.QueryAsync("deal", ("$filter", "isKey"), ("$top", "1"), ("$count", "true"));
        Assert.Equal((1, 2), (counted.Value.Count, counted.Body!["@odata.count"]!.GetValue<int>()));
        Assert.NotNull(counted.NextLink);
    }

    [Fact]
    public async Task Deleted_records_and_other_tenants_records_never_appear()
    {
        var a = await QueryClient.ForNewTenantAsync(app, "q-tenant-a");
        var b = await QueryClient.ForNewTenantAsync(app, "q-tenant-b");
        var (alpha, _, _, _, _) = await QueryFiltersSpec.DealsAsync(a);
        await QueryFiltersSpec.DealsAsync(b);
        await b.Records.CreatedAsync("deal", new { title = "only in b", code = "b-only" });
        Assert.Equal(HttpStatusCode.OK, (await a.Records.DeleteAsync("deal", alpha)).Status);

        Assert.Equal(["beta", "empty", "gamma"], await a.TitlesAsync("deal", "title ne 'nothing'"));
        Assert.Empty(await a.TitlesAsync("deal", "code eq 'b-only'"));
        Assert.Equal(3, (await a.QueryAsync("deal", ("$count", "true"))).Body!["@odata.count"]!.GetValue<int>());
        Assert.Equal(5, (await b.QueryAsync("deal", ("$count", "true"))).Body!["@odata.count"]!.GetValue<int>());
        Assert.Contains("only in b", await b.TitlesAsync("deal", "startswith(code, 'b-')"));
    }
}

[Collection(OnSqlite.Name)]
public sealed class QueryShapeOnSqlite(SqliteApp app) : QueryShapeSpec(app);

[Collection(OnPostgres.Name)]
public sealed class QueryShapeOnPostgres(PostgresApp app) : QueryShapeSpec(app);
