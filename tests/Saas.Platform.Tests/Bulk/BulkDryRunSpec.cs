using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Bulk;

/// <summary>An import's dry run through HTTP: the same checks and row outcomes as the import, answered at once, keeping nothing.</summary>
public abstract class BulkDryRunSpec(PlatformApp app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dry_run_lists_the_bad_rows_with_the_single_create_messages_and_leaves_the_tenant_unchanged()
    {
        var world = await BulkWorld.CreateAsync(app, "dry-bad");
        await world.Records.CreatedAsync("contact", new { title = "Held", code = "TAKEN" });
        const string Csv = "Name,Code,E-mail,Amount\r\nAda,C1,ada@example.com,10.5\r\nBo,C2,not-an-email,lots\r\n,C3,,\r\nCy,taken,,\r\nDee,c1,,\r\n";
        const string Mapping = """{"Name":"title","Code":"code","E-mail":"email","Amount":"amount"}""";
        var single = await world.Records.CreateAsync("contact", new { title = "Bo", amount = "lots", email = "not-an-email" });

        var dry = await world.Bulk.UploadFormAsync("contact", Csv, Mapping, "?dryRun=true");

        Assert.True(dry.Status == HttpStatusCode.OK, $"{dry.Status}: {dry.Body}");
        Assert.Null(dry.Location);
        var preview = dry.Body!;
        Assert.Equal([5, 5, 1, 0, 4], BulkClient.Counts(preview, "rowsTotal", "rowsRead", "created", "updated", "failed"));
        var errors = preview["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["field"]!.GetValue<string>(), e["message"]!.GetValue<string>())).ToList();
        Assert.Contains((2, "email", single.Messages("email")), errors);
        Assert.Contains((2, "amount", single.Messages("amount")), errors);
        Assert.Contains(errors, e => e.Item1 == 3 && e.Item2 == "title");
        Assert.Contains(errors, e => e.Item1 == 4 && e.Item2 == "code");
        Assert.Contains(errors, e => e.Item1 == 5 && e.Item2 == "code");
        Assert.False(preview["moreErrors"]!.GetValue<bool>());
        var first = preview["rows"]!.AsArray()[0]!;
        Assert.Equal(1, first["row"]!.GetValue<int>());
        Assert.Equal("Ada", first["values"]!["title"]!.GetValue<string>());
        Assert.Equal(10.5m, first["values"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(5, preview["rows"]!.AsArray().Count);
        Assert.Equal(1, await world.CountAsync());
        Assert.Equal(0, await world.CountAsync("code eq 'C1'"));
    }

    [Fact]
    public async Task A_dry_run_and_then_the_import_agree_on_every_count_and_message()
    {
        var world = await BulkWorld.CreateAsync(app, "dry-agree");
        await world.Records.CreatedAsync("contact", new { title = "Old", code = "K1", amount = 1m });
        await world.Records.CreatedAsync("contact", new { title = "Same", code = "K9" });
        const string Rows = """
            {"code":"k1","title":"New"}
            {"code":"K2","title":"Two"}
            {"code":"K2","title":"Two again"}
            {"title":"No code"}
            {"code":"K3","title":"Bad","email":"nope"}
            {"code":"K9","title":"Same"}
            not json
            """;
        const string Query = "?mode=upsert&upsertBy=code";

        var dry = await world.Bulk.UploadAsync("contact", Rows, BulkClient.Ndjson, Query + "&dryRun=true");
        var countAfterDryRun = await world.CountAsync();
        var job = await world.Bulk.ImportAsync("contact", Rows, BulkClient.Ndjson, Query);
        var jobErrors = BulkClient.Rows((await world.Bulk.TextAsync($"/t/{world.Tenant}/api/data/contact/bulk/{job["id"]}/errors")).Text).Skip(1)
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}");

        Assert.True(dry.Status == HttpStatusCode.OK, $"{dry.Status}: {dry.Body}");
        Assert.Equal(2, countAfterDryRun);
        string[] counters = ["rowsTotal", "rowsRead", "created", "updated", "failed"];
        Assert.Equal(BulkClient.Counts(job, counters), BulkClient.Counts(dry.Body!, counters));
        Assert.Equal([7, 7, 1, 3, 3], BulkClient.Counts(dry.Body!, counters));
        Assert.Equal(
            jobErrors.Order(StringComparer.Ordinal),
            dry.Body!["errors"]!.AsArray().Select(e => $"{e!["row"]}|{e["field"]!.GetValue<string>()}|{e["message"]!.GetValue<string>()}").Order(StringComparer.Ordinal));
        Assert.Equal("upsert", dry.Body!["mode"]!.GetValue<string>());
        Assert.Equal("code", dry.Body!["upsertBy"]!.GetValue<string>());
        Assert.Equal(3, await world.CountAsync());
    }

    [Fact]
    public async Task A_dry_run_is_refused_as_the_import_would_be()
    {
        var world = await BulkWorld.CreateAsync(app, "dry-refused");
        var reader = world.Bulk.As(await world.MemberAsync(TenantRoles.ReadOnly));
        var (_, otherKey) = await app.CreateTenantAsync("dry-refused-b");
        using var huge = new ByteArrayContent(new byte[(64 * 1024 * 1024) + 1]);
        huge.Headers.ContentType = new(BulkClient.Ndjson);

        var tooLarge = await world.Admin.PostAsync($"/t/{world.Tenant}/api/data/contact/bulk?dryRun=true", huge, Cancel);
        var readOnly = await reader.UploadAsync("contact", "{\"title\":\"No\"}\n", BulkClient.Ndjson, "?dryRun=true");
        var otherTenant = await world.Bulk.As(app.ClientWithKey(otherKey)).UploadAsync("contact", "{\"title\":\"No\"}\n", BulkClient.Ndjson, "?dryRun=true");
        var badMapping = await world.Bulk.UploadAsync("contact", "Name\r\nAda\r\n", BulkClient.Csv, "?dryRun=true&mapping=" + Uri.EscapeDataString("""{"Name":"nope"}"""));
        var noUpsertField = await world.Bulk.UploadAsync("contact", "{\"title\":\"A\"}\n", BulkClient.Ndjson, "?dryRun=true&mode=upsert&upsertBy=title");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.Status);
        Assert.NotEqual(HttpStatusCode.OK, otherTenant.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badMapping.Status);
        Assert.DoesNotContain("(no errors", badMapping.Messages("mapping.Name"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noUpsertField.Status);
        Assert.Equal(0, await world.CountAsync());
    }
}

[Collection(OnSqlite.Name)]
public sealed class BulkDryRunOnSqlite(SqliteApp app) : BulkDryRunSpec(app);

[Collection(OnPostgres.Name)]
public sealed class BulkDryRunOnPostgres(PostgresApp app) : BulkDryRunSpec(app);
