using System.Net;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Metadata;

/// <summary>Every rule of a new entity and its fields answers 400 with the JSON path of what broke it.</summary>
public abstract class MetadataValidationSpec(PlatformApp app)
{
    private const string Entity = """ "apiName": "deal", "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } """;

    private static readonly string LongText = new('x', 2001);

    /// <summary>(case, the body of POST /api/metadata/entities, the path expected in errors, a word of the message).</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // Entities
        { "apiName missing", """{ "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } }""", "apiName", "required" },
        { "apiName with a capital first", """{ "apiName": "Deal", "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } }""", "apiName", "lowercase" },
        { "apiName of one letter", """{ "apiName": "d", "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } }""", "apiName", "2 to 60" },
        { "apiName with a hyphen", """{ "apiName": "big-deal", "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } }""", "apiName", "underscores" },
        { "apiName reserved", """{ "apiName": "metadata", "label": { "en": "Deal" }, "pluralLabel": { "en": "Deals" } }""", "apiName", "reserved" },
        { "label missing", """{ "apiName": "deal", "pluralLabel": { "en": "Deals" } }""", "label", "English" },
        { "label without English", """{ "apiName": "deal", "label": { "zh-CN": "交易" }, "pluralLabel": { "en": "Deals" } }""", "label.en", "English" },
        { "label in an unknown culture", """{ "apiName": "deal", "label": { "en": "Deal", "fr": "Affaire" }, "pluralLabel": { "en": "Deals" } }""", "label.fr", "culture" },
        { "label with a blank text", """{ "apiName": "deal", "label": { "en": " " }, "pluralLabel": { "en": "Deals" } }""", "label.en", "empty" },
        { "pluralLabel missing", """{ "apiName": "deal", "label": { "en": "Deal" } }""", "pluralLabel", "English" },
        { "description too long", $$"""{ {{Entity}}, "description": "{{LongText}}" }""", "description", "2000" },
        { "icon too long", $$"""{ {{Entity}}, "icon": "{{LongText}}" }""", "icon", "100" },
        { "negative displayOrder", $$"""{ {{Entity}}, "displayOrder": -1 }""", "displayOrder", "between" },
        { "unknown property", $$"""{ {{Entity}}, "colour": "red" }""", "colour", "not known" },

        // Fields: names, types and texts
        { "null field", $$"""{ {{Entity}}, "fields": [null] }""", "fields[0]", "required" },
        { "field name reserved", $$"""{ {{Entity}}, "fields": [{ "apiName": "name", "label": { "en": "Name" }, "type": "text" }] }""", "fields[0].apiName", "system field" },
        { "field name twice", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "A" }, "type": "text" }, { "apiName": "Code", "label": { "en": "B" }, "type": "text" }] }""", "fields[1].apiName", "twice" },
        { "type missing", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" } }] }""", "fields[0].type", "required" },
        { "type unknown", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "blob" }] }""", "fields[0].type", "not a field type" },
        { "formula without an expression", $$"""{ {{Entity}}, "fields": [{ "apiName": "total", "label": { "en": "Total" }, "type": "formula" }] }""", "fields[0].settings.expression", "required" },
        { "formula without a result type", $$"""{ {{Entity}}, "fields": [{ "apiName": "total", "label": { "en": "Total" }, "type": "formula", "settings": { "expression": "1" } }] }""", "fields[0].settings.resultType", "required" },
        { "rollup not available", $$"""{ {{Entity}}, "fields": [{ "apiName": "total", "label": { "en": "Total" }, "type": "rollup" }] }""", "fields[0].type", "entity that exists" },
        { "default value reading a field", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "defaultValue": "X" }] }""", "fields[0].defaultValue", "cannot read fields" },
        { "field label missing", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "type": "text" }] }""", "fields[0].label", "English" },
        { "help text in an unknown culture", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "helpText": { "de": "Hilfe" }, "type": "text" }] }""", "fields[0].helpText.de", "culture" },
        { "unknown field property", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "hidden": true }] }""", "fields[0].hidden", "not known" },

        // Settings
        { "text too long", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "settings": { "maxLength": 10001 } }] }""", "fields[0].settings.maxLength", "10000" },
        { "longText too long", $$"""{ {{Entity}}, "fields": [{ "apiName": "body", "label": { "en": "Body" }, "type": "longText", "settings": { "maxLength": 131073 } }] }""", "fields[0].settings.maxLength", "131072" },
        { "setting of another type", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "settings": { "precision": 4 } }] }""", "fields[0].settings.precision", "maxLength" },
        { "setting of a type without settings", $$"""{ {{Entity}}, "fields": [{ "apiName": "mail", "label": { "en": "Mail" }, "type": "email", "settings": { "maxLength": 80 } }] }""", "fields[0].settings.maxLength", "no settings" },
        { "setting of the wrong JSON type", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "settings": { "maxLength": "long" } }] }""", "fields[0].settings.maxLength", "wrong type" },
        { "settings not an object", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "settings": [1] }] }""", "fields[0].settings", "object" },
        { "precision above 18", $$"""{ {{Entity}}, "fields": [{ "apiName": "qty", "label": { "en": "Qty" }, "type": "number", "settings": { "precision": 19 } }] }""", "fields[0].settings.precision", "18" },
        { "scale above precision", $$"""{ {{Entity}}, "fields": [{ "apiName": "amount", "label": { "en": "Amount" }, "type": "currency", "settings": { "precision": 4, "scale": 5 } }] }""", "fields[0].settings.scale", "precision" },
        { "negative scale", $$"""{ {{Entity}}, "fields": [{ "apiName": "rate", "label": { "en": "Rate" }, "type": "percent", "settings": { "scale": -1 } }] }""", "fields[0].settings.scale", "between 0" },
        { "picklist without values", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist" }] }""", "fields[0].settings.values", "at least one" },
        { "picklist with an empty list", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [] } }] }""", "fields[0].settings.values", "at least one" },
        { "picklist value name invalid", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "Won!", "label": { "en": "Won" } }] } }] }""", "fields[0].settings.values[0].apiName", "lowercase" },
        { "picklist value name twice", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "won", "label": { "en": "Won" } }, { "apiName": "wOn", "label": { "en": "Won" } }] } }] }""", "fields[0].settings.values[1].apiName", "twice" },
        { "picklist value without English label", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "won", "label": { "zh-CN": "赢单" } }] } }] }""", "fields[0].settings.values[0].label.en", "English" },
        { "picklist with two defaults", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "open", "label": { "en": "Open" }, "isDefault": true }, { "apiName": "won", "label": { "en": "Won" }, "isDefault": true }] } }] }""", "fields[0].settings.values", "at most one default" },
        { "inactive default", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "multiPicklist", "settings": { "values": [{ "apiName": "open", "label": { "en": "Open" }, "isDefault": true, "isActive": false }] } }] }""", "fields[0].settings.values[0].isDefault", "inactive" },
        { "picklist value with an unknown property", $$"""{ {{Entity}}, "fields": [{ "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "won", "label": { "en": "Won" }, "color": "green" }] } }] }""", "fields[0].settings.values[0].color", "not known" },
        { "lookup without a target", $$"""{ {{Entity}}, "fields": [{ "apiName": "account", "label": { "en": "Account" }, "type": "lookup" }] }""", "fields[0].settings.targetEntity", "Give the apiName" },
        { "lookup to an unknown entity", $$"""{ {{Entity}}, "fields": [{ "apiName": "account", "label": { "en": "Account" }, "type": "lookup", "settings": { "targetEntity": "nothing" } }] }""", "fields[0].settings.targetEntity", "no entity 'nothing'" },
        { "autoNumber without a group", $$"""{ {{Entity}}, "fields": [{ "apiName": "number", "label": { "en": "No." }, "type": "autoNumber", "settings": { "pattern": "INV-" } }] }""", "fields[0].settings.pattern", "exactly one" },
        { "autoNumber with two groups", $$"""{ {{Entity}}, "fields": [{ "apiName": "number", "label": { "en": "No." }, "type": "autoNumber", "settings": { "pattern": "{00}-{00}" } }] }""", "fields[0].settings.pattern", "exactly one" },
        { "autoNumber without a pattern", $$"""{ {{Entity}}, "fields": [{ "apiName": "number", "label": { "en": "No." }, "type": "autoNumber" }] }""", "fields[0].settings.pattern", "required" },

        // Flags
        { "autoNumber not required", $$"""{ {{Entity}}, "fields": [{ "apiName": "number", "label": { "en": "No." }, "type": "autoNumber", "required": false, "settings": { "pattern": "N{0}" } }] }""", "fields[0].required", "always required" },
        { "autoNumber not read-only", $$"""{ {{Entity}}, "fields": [{ "apiName": "number", "label": { "en": "No." }, "type": "autoNumber", "readOnly": false, "settings": { "pattern": "N{0}" } }] }""", "fields[0].readOnly", "always readOnly" },
        { "unique longText", $$"""{ {{Entity}}, "fields": [{ "apiName": "body", "label": { "en": "Body" }, "type": "longText", "unique": true }] }""", "fields[0].unique", "too long" },
        { "indexed longText", $$"""{ {{Entity}}, "fields": [{ "apiName": "body", "label": { "en": "Body" }, "type": "longText", "indexed": true }] }""", "fields[0].indexed", "too long" },
        { "unique multiPicklist", $$"""{ {{Entity}}, "fields": [{ "apiName": "tags", "label": { "en": "Tags" }, "type": "multiPicklist", "unique": true, "settings": { "values": [{ "apiName": "vip", "label": { "en": "VIP" } }] } }] }""", "fields[0].unique", "several values" },
        { "indexed multiPicklist", $$"""{ {{Entity}}, "fields": [{ "apiName": "tags", "label": { "en": "Tags" }, "type": "multiPicklist", "indexed": true, "settings": { "values": [{ "apiName": "vip", "label": { "en": "VIP" } }] } }] }""", "fields[0].indexed", "several values" },
        { "unique boolean", $$"""{ {{Entity}}, "fields": [{ "apiName": "active", "label": { "en": "Active" }, "type": "boolean", "unique": true }] }""", "fields[0].unique", "two values" },
        { "unique but not indexed", $$"""{ {{Entity}}, "fields": [{ "apiName": "code", "label": { "en": "Code" }, "type": "text", "unique": true, "indexed": false }] }""", "fields[0].indexed", "always indexed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broken_rule_is_a_400_naming_the_path(string rule, string body, string path, string reason)
    {
        var api = await MetadataClient.ForNewTenantAsync(app, "rules");

        var answer = await api.PostAsync(string.Empty, body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{rule}: {answer.Status} {answer.Body}");
        Assert.True(answer.Errors.ContainsKey(path), $"{rule}: expected '{path}' in {answer.Errors}");
        Assert.Contains(reason, answer.Messages(path), StringComparison.Ordinal);
        Assert.Empty((await api.GetAsync()).Body!.AsArray());
    }

    [Fact]
    public async Task Every_problem_of_a_request_is_answered_at_once()
    {
        var api = await MetadataClient.ForNewTenantAsync(app, "allatonce");

        var answer = await api.PostAsync(string.Empty, """
            { "apiName": "Deal", "label": { "fr": "Affaire" }, "fields": [
                { "apiName": "id", "label": { "en": "Id" }, "type": "text" },
                { "apiName": "total", "label": { "en": "Total" }, "type": "rollup" },
                { "apiName": "stage", "label": { "en": "Stage" }, "type": "picklist", "settings": { "values": [{ "apiName": "x", "label": { "en": "X" } }] } } ] }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(
            ["apiName", "fields[0].apiName", "fields[1].type", "fields[2].settings.values[0].apiName", "label.en", "label.fr", "pluralLabel"],
            answer.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_lookup_to_a_deleted_entity_is_refused()
    {
        var api = await MetadataClient.ForNewTenantAsync(app, "deadtarget");
        await api.CreateEntityAsync("account");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/account")).Status);

        var answer = await api.PostAsync(string.Empty, new { apiName = "deal", label = new { en = "Deal" }, pluralLabel = new { en = "Deals" },
            fields = new[] { MetadataClient.Field("account", "lookup", new { targetEntity = "account" }) } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("deleted", answer.Messages("fields[0].settings.targetEntity"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_on_every_write_route_is_a_400_never_a_500()
    {
        var api = await MetadataClient.ForNewTenantAsync(app, "garbage");
        await api.CreateEntityAsync("deal", MetadataClient.Field("code", "text"));

        foreach (var (method, path) in new[] { ("POST", ""), ("PATCH", "/deal"), ("POST", "/deal/fields"), ("PATCH", "/deal/fields/code") })
        {
            foreach (var body in new[] { "{", "[]", "null", """{ "apiName": 5 }""", """{ "label": "Deal" }""" })
            {
                var answer = await api.SendAsync(new HttpMethod(method), path, body);
                Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{method} {path} {body}: {answer.Status} {answer.Body}");
            }
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync("/deal?purge=maybe")).Status);
    }
}

[Collection(OnSqlite.Name)]
public sealed class MetadataValidationOnSqlite(SqliteApp app) : MetadataValidationSpec(app);

[Collection(OnPostgres.Name)]
public sealed class MetadataValidationOnPostgres(PostgresApp app) : MetadataValidationSpec(app);
