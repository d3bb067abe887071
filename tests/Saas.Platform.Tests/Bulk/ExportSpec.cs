using System.Globalization;
using System.Net;
using System.Text;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Bulk;

/// <summary>CSV export of queries: every page, the export permission, field-level security, and text that survives the round trip.</summary>
public abstract class ExportSpec(PlatformApp app)
{
    private static readonly string[] ZhColumns = ["title", "city", "code"];

    [Fact]
    public async Task An_export_holds_every_page_of_the_query_in_its_order()
    {
        var world = await BulkWorld.CreateAsync(app, "export-pages");
        var rows = new StringBuilder();
        for (var i = 0; i < 1205; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{{\"title\":\"T{i:D4}\",\"amount\":{i}}}\n");
        }

        await world.Bulk.ImportAsync("contact", rows.ToString(), BulkClient.Ndjson);

        var export = await world.Bulk.ExportAsync("contact", "?$filter=" + Uri.EscapeDataString("amount ge 5") + "&$orderby=" + Uri.EscapeDataString("amount desc"));
        var csv = BulkClient.Rows(export.Text);
        var selected = BulkClient.Rows((await world.Bulk.ExportAsync("contact", "?$select=amount,title&$orderby=title")).Text);

        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal("text/csv", export.ContentType);
        var title = Array.IndexOf(csv[0], "title");
        Assert.Equal(["id", "name", "ownerId", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "version"], csv[0][..8]);
        Assert.Equal(["amount", "city", "code", "email", "title"], csv[0][8..].Order(StringComparer.Ordinal));
        Assert.Equal(1201, csv.Count);
        Assert.Equal("T1204", csv[1][title]);
        Assert.Equal("T0005", csv[^1][title]);
        Assert.Equal(1200, csv.Skip(1).Select(r => r[0]).Distinct().Count());
        Assert.Equal(["amount", "id", "title"], selected[0].Order(StringComparer.Ordinal));
        Assert.Equal(1206, selected.Count);
        Assert.Equal("T0000", selected[1][Array.IndexOf(selected[0], "title")]);
        Assert.Equal("0", selected[1][Array.IndexOf(selected[0], "amount")]);
    }

    [Fact]
    public async Task A_query_an_export_cannot_run_is_refused_by_option()
    {
        var world = await BulkWorld.CreateAsync(app, "export-bad");

        var filter = await world.Bulk.ExportAsync("contact", "?$filter=" + Uri.EscapeDataString("city eq 'x'"));
        var top = await world.Bulk.ExportAsync("contact", "?$top=5");
        var nothing = await world.Bulk.ExportAsync("nothing");

        Assert.Equal(HttpStatusCode.BadRequest, filter.Status);
        Assert.Contains("$filter", filter.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, top.Status);
        Assert.Contains("$top", top.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nothing.Status);
    }

    [Fact]
    public async Task Exporting_needs_the_export_permission()
    {
        var world = await BulkWorld.CreateAsync(app, "export-perm");
        await world.Records.CreatedAsync("contact", new { title = "A" });
        var staff = world.Bulk.As(await world.MemberAsync(TenantRoles.Staff));
        var reader = world.Bulk.As(await world.MemberAsync(TenantRoles.ReadOnly));

        var staffBefore = await staff.ExportAsync("contact");
        var readerAnswer = await reader.ExportAsync("contact");
        await world.GiveAsync(TenantRoles.Staff, new Dictionary<string, object> { ["contact"] = new { read = true, export = true, otherFields = "read" } });
        var staffAfter = await staff.ExportAsync("contact");

        Assert.Equal(HttpStatusCode.Forbidden, staffBefore.Status);
        Assert.Contains("You may not export contact records.", staffBefore.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, readerAnswer.Status);
        Assert.Equal(HttpStatusCode.OK, staffAfter.Status);
        Assert.Equal(2, BulkClient.Rows(staffAfter.Text).Count);
        Assert.Equal(HttpStatusCode.OK, (await world.Bulk.ExportAsync("contact")).Status);
    }

    [Fact]
    public async Task A_hidden_field_is_absent_from_the_export_header_and_rows()
    {
        var world = await BulkWorld.CreateAsync(app, "export-fls");
        await world.Records.CreatedAsync("contact", new { title = "A", amount = 99.5m, city = "Berlin" });
        await world.GiveAsync(TenantRoles.Staff, new Dictionary<string, object>
        {
            ["contact"] = new { read = true, export = true, fields = new { amount = "none" }, otherFields = "read" },
        });
        var staff = world.Bulk.As(await world.MemberAsync(TenantRoles.Staff));

        var export = await staff.ExportAsync("contact");
        var selectHidden = await staff.ExportAsync("contact", "?$select=title,amount");
        var csv = BulkClient.Rows(export.Text);

        Assert.DoesNotContain("amount", csv[0]);
        Assert.Contains("city", csv[0]);
        Assert.Equal(csv[0].Length, csv[1].Length);
        Assert.DoesNotContain("99.5", export.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, selectHidden.Status);
    }

    [Fact]
    public async Task Chinese_text_survives_an_import_and_an_export()
    {
        var world = await BulkWorld.CreateAsync(app, "export-zh");
        const string Csv = "title,city,code\r\n客户关系管理系统,上海,编号-一\r\n\"带,逗号的\"\"名字\"\"\",北京,编号-二\r\n";

        var job = await world.Bulk.ImportAsync("contact", Csv, BulkClient.Csv);
        var export = BulkClient.Rows((await world.Bulk.ExportAsync("contact", "?$select=title,city,code&$orderby=title")).Text);
        var columns = ZhColumns.Select(c => Array.IndexOf(export[0], c)).ToArray();

        Assert.Equal(2, job["created"]!.GetValue<int>());
        Assert.Equal(
            [["客户关系管理系统", "上海", "编号-一"], ["带,逗号的\"名字\"", "北京", "编号-二"]],
            export.Skip(1).Select(r => columns.Select(c => r[c]).ToArray()).OrderBy(r => r[1], StringComparer.Ordinal).ToArray());
    }
}

[Collection(OnSqlite.Name)]
public sealed class ExportOnSqlite(SqliteApp app) : ExportSpec(app);

[Collection(OnPostgres.Name)]
public sealed class ExportOnPostgres(PostgresApp app) : ExportSpec(app);
