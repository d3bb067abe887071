using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Metadata;

/// <summary>What is created through the API reads back the same, with defaults filled in, in any culture.</summary>
public abstract class MetadataRoundTripSpec(PlatformApp app)
{
    [Fact]
    public async Task An_entity_with_a_field_of_every_supported_type_reads_back_as_created()
    {
        var api = await ForNewTenantAsync(app, "roundtrip");
        await api.CreateEntityAsync("account");

        var created = await api.CreateEntityAsync(new
        {
            apiName = "opportunity",
            label = new Dictionary<string, string> { ["en"] = "Opportunity", ["zh-CN"] = "商机" },
            pluralLabel = new Dictionary<string, string> { ["en"] = "Opportunities", ["zh-CN"] = "商机" },
            description = "A deal in progress",
            icon = "handshake",
            displayOrder = 3,
            fields = new object[]
            {
                Field("title", "text", new { maxLength = 120 }, required: true),
                Field("notes", "longText"),
                Field("contactEmail", "email", unique: true),
                Field("phone", "phone"),
                Field("website", "url"),
                Field("quantity", "number", new { precision = 10, scale = 0 }),
                Field("amount", "currency", required: true, indexed: true),
                Field("probability", "percent"),
                Field("closeDate", "date", indexed: true),
                Field("lastContactAt", "dateTime"),
                Field("isKey", "boolean"),
                Field("stage", "picklist", Values(("prospecting", true), ("won", false))),
                Field("regions", "multiPicklist", Values(("east", true), ("west", true))),
                Field("account", "lookup", new { targetEntity = "account" }),
                Field("salesRep", "owner"),
                Field("number", "autoNumber", new { pattern = "OPP-{00000}" }),
                Field("weightedAmount", "formula", new { expression = "amount mul probability div 100", resultType = "currency" }, indexed: true),
            },
        });

        var read = (await api.GetAsync("/OPPORTUNITY")).Body!;
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        Assert.Equal("商机", read["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("Opportunities", read["pluralLabel"]!["en"]!.GetValue<string>());
        Assert.Equal(("A deal in progress", "handshake", 3), (read["description"]!.GetValue<string>(), read["icon"]!.GetValue<string>(), read["displayOrder"]!.GetValue<int>()));
        var fields = read["fields"]!.AsArray().ToDictionary(f => f!["apiName"]!.GetValue<string>(), f => f!);
        // Every type but rollup, which is added to an entity that exists (RollupsSpec round-trips it).
        Assert.Equal(FieldType.Supported.Where(t => t != FieldType.Rollup).Order(), fields.Values.Select(f => f["type"]!.GetValue<string>()).Order());
        Assert.Equal("字段amount", fields["amount"]["label"]!["zh-CN"]!.GetValue<string>());

        Assert.Equal("""{"maxLength":120}""", fields["title"]["settings"]!.ToJsonString());
        Assert.Equal("""{"maxLength":32768}""", fields["notes"]["settings"]!.ToJsonString());
        Assert.Equal("""{"precision":10,"scale":0}""", fields["quantity"]["settings"]!.ToJsonString());
        Assert.Equal("""{"precision":18,"scale":2}""", fields["amount"]["settings"]!.ToJsonString());
        Assert.Equal("""{"precision":5,"scale":2}""", fields["probability"]["settings"]!.ToJsonString());
        Assert.Equal("""{"targetEntity":"account"}""", fields["account"]["settings"]!.ToJsonString());
        Assert.Equal("""{"pattern":"OPP-{00000}"}""", fields["number"]["settings"]!.ToJsonString());
        Assert.Null(fields["salesRep"]["settings"]);
        Assert.Null(fields["closeDate"]["settings"]);
        Assert.Equal("""{"expression":"amount mul probability div 100","resultType":"currency"}""", fields["weightedAmount"]["settings"]!.ToJsonString());

        var stage = fields["stage"]["settings"]!["values"]!.AsArray();
        Assert.Equal(["prospecting", "won"], stage.Select(v => v!["apiName"]!.GetValue<string>()));
        Assert.Equal(("Prospecting", "值prospecting"), (stage[0]!["label"]!["en"]!.GetValue<string>(), stage[0]!["label"]!["zh-CN"]!.GetValue<string>()));
        Assert.True(stage[0]!["isDefault"]!.GetValue<bool>());
        Assert.True(stage[1]!["isActive"]!.GetValue<bool>());

        Assert.Equal((true, true, true, true), Flags(fields["number"]));
        Assert.Equal((false, true, true, false), Flags(fields["contactEmail"]));
        Assert.Equal((true, false, true, false), Flags(fields["amount"]));
        Assert.Equal((true, false, false, false), Flags(fields["title"]));
        Assert.Equal((false, false, true, true), Flags(fields["weightedAmount"]));

        var account = (await api.GetAsync("/account")).Body!;
        Assert.Equal("""[{"entity":"opportunity","field":"account"}]""", account["relatedLists"]!.ToJsonString());
    }

    [Fact]
    public async Task A_field_added_later_is_listed_and_found_by_its_name_in_any_case()
    {
        var api = await ForNewTenantAsync(app, "addfield");
        await api.CreateEntityAsync("lead");

        var created = await api.PostAsync("/lead/fields", new
        {
            apiName = "companyName",
            label = new Dictionary<string, string> { ["en"] = "Company", ["zh-CN"] = "公司" },
            helpText = new Dictionary<string, string> { ["en"] = "The lead's employer", ["zh-CN"] = "潜在客户的雇主" },
            type = "text",
            displayOrder = 5,
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("潜在客户的雇主", created.Body!["helpText"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal(created.Body.ToJsonString(), (await api.GetAsync("/lead/fields/COMPANYNAME")).Body!.ToJsonString());
        Assert.Equal(["companyName"], (await api.GetAsync("/lead/fields")).Body!.AsArray().Select(f => f!["apiName"]!.GetValue<string>()));
        Assert.Equal(["lead"], (await api.GetAsync()).Body!.AsArray().Select(e => e!["apiName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_endpoints_and_their_shapes_are_in_the_openapi_document()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/metadata/entities/{entity}/fields/{field}/restore\"", document, StringComparison.Ordinal);
        Assert.Contains("\"EntityDefinition\"", document, StringComparison.Ordinal);
        Assert.Contains("\"FieldRequest\"", document, StringComparison.Ordinal);
    }

    private static (bool, bool, bool, bool) Flags(JsonNode field) => (
        field["required"]!.GetValue<bool>(), field["unique"]!.GetValue<bool>(), field["indexed"]!.GetValue<bool>(), field["readOnly"]!.GetValue<bool>());

    private static object Values(params (string ApiName, bool IsDefault)[] values) => new
    {
        values = values.Select(v => new
        {
            apiName = v.ApiName,
            label = new Dictionary<string, string> { ["en"] = char.ToUpperInvariant(v.ApiName[0]) + v.ApiName[1..], ["zh-CN"] = "值" + v.ApiName },
            isDefault = v.IsDefault,
        }),
    };
}

[Collection(OnSqlite.Name)]
public sealed class MetadataRoundTripOnSqlite(SqliteApp app) : MetadataRoundTripSpec(app);

[Collection(OnPostgres.Name)]
public sealed class MetadataRoundTripOnPostgres(PostgresApp app) : MetadataRoundTripSpec(app);
