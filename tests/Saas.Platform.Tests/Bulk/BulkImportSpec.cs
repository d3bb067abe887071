using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Bulk;

/// <summary>Bulk imports through HTTP: NDJSON and CSV, column mappings, upsert by a unique field, per-row errors and progress.</summary>
public abstract class BulkImportSpec(PlatformApp app)
{
    [Fact]
    public async Task NDJSON_rows_are_created_and_the_job_counts_them_and_lists_each_refused_value()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-ndjson");
        const string Rows = """
            {"title":"Ada","code":"C1","email":"ada@example.com","amount":10.5}
            {"title":"Bo","amount":"lots","email":"not-an-email"}
            not json
            {"title":"Cy","city":"上海"}
            """;

        var job = await world.Bulk.ImportAsync("contact", Rows, BulkClient.Ndjson);
        var single = await world.Records.CreateAsync("contact", new { title = "Bo", amount = "lots", email = "not-an-email" });
        var errors = await world.Bulk.TextAsync($"/t/{world.Tenant}/api/data/contact/bulk/{job["id"]}/errors");
        var rows = BulkClient.Rows(errors.Text);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal([4, 4, 2, 0, 2], BulkClient.Counts(job, "rowsTotal", "rowsRead", "created", "updated", "failed"));
        Assert.Equal(2, await world.CountAsync());
        Assert.Equal("text/csv", errors.ContentType);
        Assert.Equal(["row", "field", "message"], rows[0]);
        Assert.Equal(["2", "amount", single.Messages("amount")], rows.Single(r => r[1] == "amount"));
        Assert.Equal(["2", "email", single.Messages("email")], rows.Single(r => r[1] == "email"));
        Assert.StartsWith("The line is not valid JSON", Assert.Single(rows, r => r[0] == "3")[2], StringComparison.Ordinal);
        Assert.Equal(4, rows.Count);
        var cy = (await world.Query.QueryAsync("contact", ("$filter", "title eq 'Cy'"))).Value.Single()!;
        Assert.Equal("上海", cy["city"]!.GetValue<string>());
        var history = (await world.Records.HistoryAsync("contact", Guid.Parse(cy["id"]!.GetValue<string>()))).Body!.AsArray();
        Assert.Contains(history, h => h!["field"]!.GetValue<string>() == "city" && h["newValue"]!.GetValue<string>() == "上海");
        Assert.Equal(0, await world.UploadsKeptAsync());
    }

    [Fact]
    public async Task A_unique_value_twice_in_one_upload_fails_only_the_second_row_with_the_single_create_message()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-dup");
        const string Rows = """
            {"title":"First","code":"D1"}
            {"title":"Other","code":"D2"}
            {"title":"Second","code":"d1"}
            """;

        var job = await world.Bulk.ImportAsync("contact", Rows, BulkClient.Ndjson);
        Assert.True(job["status"]!.GetValue<string>() == "completed", job.ToJsonString());
        var first = (await world.Query.QueryAsync("contact", ("$filter", "code eq 'D1'"))).Value.Single()!;
        var errors = BulkClient.Rows((await world.Bulk.TextAsync($"/t/{world.Tenant}/api/data/contact/bulk/{job["id"]}/errors")).Text);

        Assert.Equal([2, 1], BulkClient.Counts(job, "created", "failed"));
        Assert.Equal("First", first["title"]!.GetValue<string>());
        Assert.Equal(["3", "code", $"code must be unique: record {first["id"]!.GetValue<string>()} already has this value."], errors[1]);
        Assert.Equal(2, await world.CountAsync());
    }

    [Fact]
    public async Task Imported_records_list_in_the_order_of_the_file()
    {
        // One batch shares one createdAt, so only the ids can keep the file's order among its rows.
        var world = await BulkWorld.CreateAsync(app, "bulk-order");
        var titles = Enumerable.Range(0, 300).Select(i => $"row-{i:000}").ToArray();

        var job = await world.Bulk.ImportAsync("contact", string.Join('\n', titles.Select(t => $$"""{"title":"{{t}}"}""")), BulkClient.Ndjson);
        var listed = (await world.Query.QueryAsync("contact", ("$top", "1000"))).Titles;

        Assert.Equal(300, job["created"]!.GetValue<int>());
        Assert.Equal(titles, listed);
    }

    [Fact]
    public async Task CSV_columns_go_to_the_fields_a_mapping_names_given_in_the_query_or_as_a_form_part()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-csv");
        const string Csv = "Name,E-mail,Amount,Ignored\r\n\"Lee, Ann\",ann@example.com,12.50,x\r\n王小明,wang@example.com,7,y\r\n";
        const string Mapping = """{"Name":"title","E-mail":"email","Amount":"amount"}""";

        var byQuery = await world.Bulk.ImportAsync("contact", Csv, BulkClient.Csv, "?mapping=" + Uri.EscapeDataString(Mapping));
        var byForm = await world.Bulk.UploadFormAsync("contact", Csv.Replace("ann@", "ann2@", StringComparison.Ordinal), Mapping);
        var formJob = await world.Bulk.FinishedAsync(byForm.Location!);
        var lee = (await world.Query.QueryAsync("contact", ("$filter", "email eq 'ann@example.com'"))).Value.Single()!;

        Assert.Equal(2, byQuery["created"]!.GetValue<int>());
        Assert.Equal(2, formJob["created"]!.GetValue<int>());
        Assert.Equal("Lee, Ann", lee["title"]!.GetValue<string>());
        Assert.Equal(12.5m, lee["amount"]!.GetValue<decimal>());
        Assert.Equal(2, await world.CountAsync("title eq '王小明'"));
    }

    [Fact]
    public async Task A_mapping_or_header_that_names_no_field_is_refused_before_any_job_starts()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-map");
        const string Csv = "Name,Amount\r\nAda,1\r\n";

        (string Query, string Key)[] cases =
        [
            // a mapped column the file does not have
            ("?mapping=" + Uri.EscapeDataString("""{"Nope":"title"}"""), "mapping.Nope"),
            // a column mapped to a field the entity does not have
            ("?mapping=" + Uri.EscapeDataString("""{"Name":"nope"}"""), "mapping.Name"),
            // a mapping that is not a JSON object
            ("?mapping=Name:title", "mapping"),
            // no mapping, and a header that is not a field
            (string.Empty, "body"),
        ];
        foreach (var (query, key) in cases)
        {
            var answer = await world.Bulk.UploadAsync("contact", Csv, BulkClient.Csv, query);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{query}: {answer.Status} {answer.Body}");
            Assert.DoesNotContain("(no errors", answer.Messages(key), StringComparison.Ordinal);
        }

        Assert.Equal(0, await world.CountAsync());
    }

    [Fact]
    public async Task An_upsert_updates_the_record_holding_the_external_id_and_creates_the_others()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-upsert");
        var existing = (await world.Records.CreatedAsync("contact", new { title = "Old", code = "K1", amount = 1m })).Id;
        const string Rows = """
            {"code":"k1","title":"New"}
            {"code":"K2","title":"Two"}
            {"code":"K2","title":"Two again"}
            {"title":"No code"}
            """;

        var job = await world.Bulk.ImportAsync("contact", Rows, BulkClient.Ndjson, "?mode=upsert&upsertBy=code");
        var updated = (await world.Records.GetAsync("contact", existing)).Body!;
        var errors = BulkClient.Rows((await world.Bulk.TextAsync($"/t/{world.Tenant}/api/data/contact/bulk/{job["id"]}/errors")).Text);
        var k2 = (await world.Query.QueryAsync("contact", ("$filter", "code eq 'K2'"))).Value;

        Assert.Equal([1, 2, 1], BulkClient.Counts(job, "created", "updated", "failed"));
        Assert.Equal("New", updated["title"]!.GetValue<string>());
        Assert.Equal(1m, updated["amount"]!.GetValue<decimal>());
        Assert.Equal(2, updated["version"]!.GetValue<int>());
        Assert.Equal("Two again", Assert.Single(k2)!["title"]!.GetValue<string>());
        Assert.Equal(["4", "code", "code is required to match records in an upsert."], errors[1]);
        Assert.Equal(2, await world.CountAsync());
    }

    [Fact]
    public async Task An_upsert_needs_a_unique_field_to_match_by()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-upsert-by");

        var none = await world.Bulk.UploadAsync("contact", """{"title":"A"}""", BulkClient.Ndjson, "?mode=upsert");
        var notUnique = await world.Bulk.UploadAsync("contact", """{"title":"A"}""", BulkClient.Ndjson, "?mode=upsert&upsertBy=title");
        var badMode = await world.Bulk.UploadAsync("contact", """{"title":"A"}""", BulkClient.Ndjson, "?mode=merge");

        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Contains("upsertBy=", none.Messages("upsertBy"), StringComparison.Ordinal);
        Assert.Contains("not a unique field", notUnique.Messages("upsertBy"), StringComparison.Ordinal);
        Assert.Contains("create or upsert", badMode.Messages("mode"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_idempotency_key_answers_the_first_job_and_creates_nothing_twice()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-idem");
        var key = Guid.NewGuid().ToString("N");
        const string Rows = "{\"title\":\"A\"}\n{\"title\":\"B\"}\n";

        var first = await world.Bulk.UploadAsync("contact", Rows, BulkClient.Ndjson, idempotencyKey: key);
        await world.Bulk.FinishedAsync(first.Location!);
        var retried = await world.Bulk.UploadAsync("contact", Rows, BulkClient.Ndjson, idempotencyKey: key);
        var other = await world.Bulk.UploadAsync("contact", "{\"title\":\"C\"}\n", BulkClient.Ndjson, idempotencyKey: key);
        var otherMode = await world.Bulk.UploadAsync("contact", Rows, BulkClient.Ndjson, "?mode=upsert&upsertBy=code", idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Accepted, retried.Status);
        Assert.Equal(first.Location, retried.Location);
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), retried.Body!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains(key, other.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherMode.Status);
        Assert.Equal(2, await world.CountAsync());
    }

    [Fact]
    public async Task Uploads_beyond_the_limits_or_in_no_known_format_are_refused()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-limits");

        var tooMany = await world.Bulk.UploadAsync("contact", string.Concat(Enumerable.Repeat("{}\n", 100_001)), BulkClient.Ndjson);
        var empty = await world.Bulk.UploadAsync("contact", "\n\n", BulkClient.Ndjson);
        var json = await world.Bulk.UploadAsync("contact", """{"title":"A"}""", "application/json");
        var noEntity = await world.Bulk.UploadAsync("nothing", """{"title":"A"}""", BulkClient.Ndjson);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Contains("at most 100000 rows", tooMany.Messages("body"), StringComparison.Ordinal);
        Assert.Contains("no rows", empty.Messages("body"), StringComparison.Ordinal);
        Assert.Contains("text/csv", json.Messages("format"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noEntity.Status);
    }

    [Fact]
    public async Task A_job_runs_with_the_uploaders_permissions_and_only_they_and_admins_see_it()
    {
        var world = await BulkWorld.CreateAsync(app, "bulk-who");
        await world.GiveAsync(TenantRoles.Staff, new Dictionary<string, object>
        {
            ["contact"] = new { create = true, read = "all", update = "all", fields = new { amount = "read" }, otherFields = "edit" },
        });
        var staff = world.Bulk.As(await world.MemberAsync(TenantRoles.Staff));
        var otherStaff = world.Bulk.As(await world.MemberAsync(TenantRoles.Staff));
        var reader = world.Bulk.As(await world.MemberAsync(TenantRoles.ReadOnly));
        var (_, otherKey) = await app.CreateTenantAsync("bulk-who-b");

        var started = await staff.UploadAsync("contact", "{\"title\":\"Mine\"}\n{\"title\":\"Priced\",\"amount\":5}\n", BulkClient.Ndjson);
        var job = await staff.FinishedAsync(started.Location!);
        var errors = BulkClient.Rows((await staff.TextAsync(started.Location! + "/errors")).Text);
        var refused = await reader.UploadAsync("contact", "{\"title\":\"No\"}\n", BulkClient.Ndjson);

        Assert.Equal([1, 1], BulkClient.Counts(job, "created", "failed"));
        Assert.Equal(["2", "amount", "You may read the field 'amount' but not change it."], errors[1]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.OK, (await world.Bulk.GetAsync(started.Location!)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherStaff.GetAsync(started.Location!)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherStaff.TextAsync(started.Location! + "/errors")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bulk.As(app.ClientWithKey(otherKey)).GetAsync(started.Location!)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bulk.GetAsync(started.Location!.Replace("/contact/", "/other/", StringComparison.Ordinal))).Status);
        Assert.Equal(1, await world.CountAsync());
    }
}

[Collection(OnSqlite.Name)]
public sealed class BulkImportOnSqlite(SqliteApp app) : BulkImportSpec(app);

[Collection(OnPostgres.Name)]
public sealed class BulkImportOnPostgres(PostgresApp app) : BulkImportSpec(app);
