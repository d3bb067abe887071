using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>A value of every field type is written, read back and changed through the HTTP API, in any script.</summary>
public abstract class RecordsRoundTripSpec(PlatformApp app)
{
    [Fact]
    public async Task A_record_with_a_value_of_every_field_type_reads_back_as_written()
    {
        var api = await RecordsClient.ForNewTenantAsync(app, "rec-roundtrip");
        await api.Metadata.CreateEntityAsync("company", Field("title", "text"));
        await api.Metadata.CreateEntityAsync("deal", EveryType());
        var company = await api.CreatedAsync("company", new { title = "客户关系 Ltd" });

        var written = new JsonObject
        {
            ["title"] = "商机 🚀 Big deal",
            ["notes"] = "第一行\nsecond line 😀",
            ["contactEmail"] = "li.wei@example.cn",
            ["phone"] = "+86 (10) 1234-5678",
            ["website"] = "https://example.com/path?q=1",
            ["quantity"] = 42,
            ["amount"] = 1234.5m,
            ["probability"] = 12.75m,
            ["closeDate"] = "2026-03-31",
            ["lastContactAt"] = "2026-03-31T09:30:00+08:00",
            ["isKey"] = true,
            ["stage"] = "WON",
            ["regions"] = new JsonArray("west", "east"),
            ["account"] = company.Id.ToString(),
        };
        var created = await api.CreatedAsync("deal", written.ToJsonString());

        Assert.Equal("\"1\"", created.ETag);
        Assert.EndsWith($"/t/{api.Tenant}/api/data/deal/{created.Id}", created.Location, StringComparison.Ordinal);
        var read = await api.GetAsync("deal", created.Id);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("\"1\"", read.ETag);
        Assert.Equal(created.Body!.ToJsonString(), read.Body!.ToJsonString());
        var body = read.Body!;
        Assert.Equal("商机 🚀 Big deal", body["name"]!.GetValue<string>());
        Assert.Equal("商机 🚀 Big deal", body["title"]!.GetValue<string>());
        Assert.Equal("第一行\nsecond line 😀", body["notes"]!.GetValue<string>());
        Assert.Equal(42m, body["quantity"]!.GetValue<decimal>());
        Assert.Equal(1234.5m, body["amount"]!.GetValue<decimal>());
        Assert.Equal(12.75m, body["probability"]!.GetValue<decimal>());
        Assert.Equal("2026-03-31", body["closeDate"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-03-31T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(body["lastContactAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("+08:00", body["lastContactAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["isKey"]!.GetValue<bool>());
        Assert.Equal("won", body["stage"]!.GetValue<string>());
        Assert.Equal("""["west","east"]""", body["regions"]!.ToJsonString());
        Assert.Equal(company.Id.ToString(), body["account"]!.GetValue<string>());
        Assert.Equal("DEAL-0001", body["number"]!.GetValue<string>());
        Assert.Null(body["salesRep"]);
        Assert.Null(body["ownerId"]);
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.StartsWith("api-key:", body["createdBy"]!.GetValue<string>(), StringComparison.Ordinal);

        var changed = await api.PatchAsync("deal", created.Id, new { title = "更新 ✨", amount = 99.99m, isKey = false, regions = new List<string> { "east" }, notes = (string?)null });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("\"2\"", changed.ETag);
        var after = (await api.GetAsync("deal", created.Id)).Body!;
        Assert.Equal(("更新 ✨", "更新 ✨", 99.99m, false, 2), (after["name"]!.GetValue<string>(), after["title"]!.GetValue<string>(), after["amount"]!.GetValue<decimal>(), after["isKey"]!.GetValue<bool>(), after["version"]!.GetValue<int>()));
        Assert.Equal("""["east"]""", after["regions"]!.ToJsonString());
        Assert.Null(after["notes"]);
        Assert.Equal("li.wei@example.cn", after["contactEmail"]!.GetValue<string>());
        Assert.Equal("DEAL-0001", after["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_picklist_left_out_takes_its_default_and_an_unchanged_write_keeps_the_version()
    {
        var api = await RecordsClient.ForNewTenantAsync(app, "rec-default");
        await api.Metadata.CreateEntityAsync("ticket", Field("subject", "text"), Field("priority", "picklist", new
        {
            values = new object[] { new { apiName = "low", label = new { en = "Low" } }, new { apiName = "normal", label = new { en = "Normal" }, isDefault = true } },
        }));

        var created = await api.CreatedAsync("ticket", new { subject = "Printer" });
        Assert.Equal("normal", created.Body!["priority"]!.GetValue<string>());

        var same = await api.PatchAsync("ticket", created.Id, new { subject = "Printer" });
        Assert.Equal(("\"1\"", 1), (same.ETag, same.Body!["version"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotModified, (await api.GetAsync("ticket", created.Id, ifNoneMatch: "\"1\"")).Status);
    }

    private static object[] EveryType() =>
    [
        Field("title", "text", new { maxLength = 120 }, required: true),
        Field("notes", "longText"),
        Field("contactEmail", "email", unique: true),
        Field("phone", "phone"),
        Field("website", "url"),
        Field("quantity", "number", new { precision = 10, scale = 0 }, indexed: true),
        Field("amount", "currency", indexed: true),
        Field("probability", "percent"),
        Field("closeDate", "date", indexed: true),
        Field("lastContactAt", "dateTime", indexed: true),
        Field("isKey", "boolean", indexed: true),
        Field("stage", "picklist", new { values = new object[] { new { apiName = "open", label = new { en = "Open" } }, new { apiName = "won", label = new { en = "Won" } } } }, indexed: true),
        Field("regions", "multiPicklist", new { values = new object[] { new { apiName = "east", label = new { en = "East" } }, new { apiName = "west", label = new { en = "West" } } } }),
        Field("account", "lookup", new { targetEntity = "company" }, indexed: true),
        Field("salesRep", "owner", indexed: true),
        Field("number", "autoNumber", new { pattern = "DEAL-{0000}" }),
    ];
}

[Collection(OnSqlite.Name)]
public sealed class RecordsRoundTripOnSqlite(SqliteApp app) : RecordsRoundTripSpec(app);

[Collection(OnPostgres.Name)]
public sealed class RecordsRoundTripOnPostgres(PostgresApp app) : RecordsRoundTripSpec(app);
