using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Metadata;

/// <summary>Formula fields and default values are expressions compiled when they are saved, through the API.</summary>
public abstract class MetadataExpressionsSpec(PlatformApp app)
{
    private static readonly object Stage = new
    {
        values = new object[]
        {
            new { apiName = "open", label = new { en = "Open" } },
            new { apiName = "won", label = new { en = "Won" } },
            new { apiName = "lost", label = new { en = "Lost" }, isActive = false },
        },
    };

    private static object Formula(string apiName, string expression, string resultType) =>
        Field(apiName, "formula", new { expression, resultType });

    private static object WithDefault(string apiName, string type, string defaultValue, object? settings = null) =>
        new { apiName, label = new { en = apiName }, type, settings, defaultValue };

    private static async Task<MetadataClient> DealAsync(PlatformApp app, string prefix)
    {
        var api = await ForNewTenantAsync(app, prefix);
        await api.CreateEntityAsync("deal", Field("amount", "currency"), Field("probability", "percent"), Field("stage", "picklist", Stage), Field("closeDate", "date"));
        return api;
    }

    [Fact]
    public async Task A_formula_is_accepted_read_only_and_reads_back_in_get()
    {
        var api = await DealAsync(app, "formula");

        var created = await api.PostAsync("/deal/fields", Formula("weighted", "amount mul probability div 100", "currency"));
        var chained = await api.PostAsync("/deal/fields", Formula("isBig", "weighted gt 10000 and stage eq 'open'", "boolean"));

        Assert.True(created.Status == HttpStatusCode.Created, $"{created.Status} {created.Body}");
        Assert.Equal(HttpStatusCode.Created, chained.Status);
        var read = (await api.GetAsync("/deal/fields/weighted")).Body!;
        Assert.Equal("""{"expression":"amount mul probability div 100","resultType":"currency"}""", read["settings"]!.ToJsonString());
        Assert.True(read["readOnly"]!.GetValue<bool>());
        Assert.Equal(created.Body!.ToJsonString(), read.ToJsonString());
    }

    /// <summary>(case, the field to create, the error path, a word of the message).</summary>
    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "a syntax error, with its position", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "amount gt", "resultType": "boolean" } }""", "settings.expression", "(at position 9)" },
        { "an unknown field", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "amount add nope", "resultType": "number" } }""", "settings.expression", "There is no field 'nope'" },
        { "a result of another type", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "amount mul 2", "resultType": "text" } }""", "settings.expression", "gives a number, but a text is expected" },
        { "a result type that is not one", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "1", "resultType": "lookup" } }""", "settings.resultType", "one of" },
        { "an unknown setting", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "1", "resultType": "number", "scale": 2 } }""", "settings.scale", "expression, resultType" },
        { "a formula reading itself", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "settings": { "expression": "calc add 1", "resultType": "number" } }""", "settings.expression", "cannot read the field it belongs to" },
        { "a unique formula", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "unique": true, "settings": { "expression": "1", "resultType": "number" } }""", "unique", "cannot be unique" },
        { "a writable formula", """{ "apiName": "calc", "label": { "en": "Calc" }, "type": "formula", "readOnly": false, "settings": { "expression": "1", "resultType": "number" } }""", "readOnly", "always readOnly" },
        { "a default of the wrong type", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "number", "defaultValue": "'ten'" }""", "defaultValue", "gives a text, but a number is expected" },
        { "a default with a syntax error", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "text", "defaultValue": "'open" }""", "defaultValue", "unterminated" },
        { "a default that reads a field", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "currency", "defaultValue": "amount" }""", "defaultValue", "cannot read fields" },
        { "a picklist default that is not a value", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "picklist", "settings": { "values": [{ "apiName": "aa", "label": { "en": "A" } }] }, "defaultValue": "'bb'" }""", "defaultValue", "not an active value" },
        { "a default that is not a string", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "number", "defaultValue": 5 }""", "defaultValue", "JSON string" },
        { "a default on a lookup", """{ "apiName": "preset", "label": { "en": "Preset" }, "type": "owner", "defaultValue": "null" }""", "defaultValue", "cannot have a default value" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_expression_is_a_400_with_its_reason(string rule, string body, string path, string reason)
    {
        var api = await DealAsync(app, "badexpr");

        var answer = await api.PostAsync("/deal/fields", body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{rule}: {answer.Status} {answer.Body}");
        Assert.Contains(reason, answer.Messages(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formulas_that_read_each_other_in_a_cycle_are_refused()
    {
        var api = await DealAsync(app, "cycle");
        await api.PostAsync("/deal/fields", Formula("fa", "amount add 1", "number"));
        var b = await api.PostAsync("/deal/fields", Formula("fb", "fa add 1", "number"));
        Assert.True(b.Status == HttpStatusCode.Created, $"{b.Status} {b.Body}");

        var patched = await api.PatchAsync("/deal/fields/fa", new { settings = new { expression = "fb add 1", resultType = "number" } });
        var together = await api.PostAsync(string.Empty, new
        {
            apiName = "quote", label = new { en = "Quote" }, pluralLabel = new { en = "Quotes" },
            fields = new[] { Formula("fx", "fy mul 2", "number"), Formula("fy", "fx div 2", "number") },
        });

        Assert.Equal(HttpStatusCode.BadRequest, patched.Status);
        Assert.Contains("fa → fb → fa", patched.Messages("settings.expression"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, together.Status);
        Assert.Contains("cycle", together.Messages("fields[0].settings.expression"), StringComparison.Ordinal);
        Assert.Contains("cycle", together.Messages("fields[1].settings.expression"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patch_recompiles_and_may_not_break_the_formulas_that_read_the_field()
    {
        var api = await DealAsync(app, "recompile");
        await api.PostAsync("/deal/fields", Formula("fa", "amount add 1", "number"));
        await api.PostAsync("/deal/fields", Formula("fb", "fa mul 2", "number"));

        var changed = await api.PatchAsync("/deal/fields/fa", new { settings = new { expression = "amount sub 1", resultType = "number" } });
        var broken = await api.PatchAsync("/deal/fields/fa", new { settings = new { expression = "amount sub", resultType = "number" } });
        var breaksB = await api.PatchAsync("/deal/fields/fa", new { settings = new { expression = "'x'", resultType = "text" } });

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("amount sub 1", changed.Body!["settings"]!["expression"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Contains("(at position 10)", broken.Messages("settings.expression"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, breaksB.Status);
        Assert.Contains("breaks the formula 'fb'", breaksB.Messages("settings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_a_live_formula_reads_cannot_be_deleted()
    {
        var api = await DealAsync(app, "delread");
        await api.PostAsync("/deal/fields", Formula("weighted", "amount mul probability", "number"));

        var refused = await api.DeleteAsync("/deal/fields/amount");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("deal.weighted", refused.Detail, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal/fields/weighted")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/deal/fields/amount")).Status);
        var restore = await api.PostAsync("/deal/fields/weighted/restore", null);
        Assert.Equal(HttpStatusCode.Conflict, restore.Status);
        Assert.Contains("There is no field 'amount'", restore.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_values_are_accepted_read_back_changed_and_removed()
    {
        var api = await ForNewTenantAsync(app, "defaults");
        await api.CreateEntityAsync("task", WithDefault("dueOn", "date", "date(now())"), WithDefault("startsAt", "dateTime", "now()"),
            WithDefault("priority", "number", "3"), WithDefault("stage", "picklist", "'open'", Stage), WithDefault("done", "boolean", "false"),
            WithDefault("title", "text", "concat('Task ', 'new')", new { maxLength = 40 }));

        var fields = (await api.GetAsync("/task/fields")).Body!.AsArray().ToDictionary(f => f!["apiName"]!.GetValue<string>(), f => f!);
        var changed = await api.PatchAsync("/task/fields/priority", new { defaultValue = "1 add 1" });
        var removed = await api.PatchAsync("/task/fields/stage", new { defaultValue = "" });
        var untouched = await api.PatchAsync("/task/fields/title", new { settings = new { maxLength = 50 } });

        Assert.Equal("date(now())", fields["dueOn"]["defaultValue"]!.GetValue<string>());
        Assert.Equal("'open'", fields["stage"]["defaultValue"]!.GetValue<string>());
        Assert.Equal("""{"maxLength":40}""", fields["title"]["settings"]!.ToJsonString());
        Assert.Equal("1 add 1", changed.Body!["defaultValue"]!.GetValue<string>());
        Assert.Null(removed.Body!["defaultValue"]);
        Assert.Equal("concat('Task ', 'new')", untouched.Body!["defaultValue"]!.GetValue<string>());
        Assert.Equal("""{"maxLength":50}""", untouched.Body["settings"]!.ToJsonString());
        var audit = await api.AuditAsync();
        Assert.Contains(audit, a => a.Target == "task.priority" && a.Details!.EndsWith("changed defaultValue", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Target == "task.title" && a.Details!.EndsWith("changed settings", StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class MetadataExpressionsOnSqlite(SqliteApp app) : MetadataExpressionsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class MetadataExpressionsOnPostgres(PostgresApp app) : MetadataExpressionsSpec(app);
