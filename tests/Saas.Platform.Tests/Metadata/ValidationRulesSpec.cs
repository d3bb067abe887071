using System.Net;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Records;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Metadata;

/// <summary>Validation rules: defined through the metadata API, checked on every record create and update.</summary>
public abstract class ValidationRulesSpec(PlatformApp app)
{
    private const string RecordKey = "$record";

    private static async Task<RecordsClient> DealsAsync(PlatformApp app, string prefix)
    {
        var api = await RecordsClient.ForNewTenantAsync(app, prefix);
        await api.Metadata.CreateEntityAsync(
            "deal",
            Field("title", "text", required: true),
            Field("amount", "currency"),
            Field("cost", "currency"),
            Field("stage", "picklist", new { values = new object[] { new { apiName = "open", label = new { en = "Open" } }, new { apiName = "won", label = new { en = "Won" } } } }),
            Field("closeDate", "date"),
            Field("margin", "formula", new { expression = "amount sub cost", resultType = "currency" }));
        return api;
    }

    private static object Rule(string apiName, string errorCondition, string en, string? zh = null, string? errorField = null, bool? active = null) => new
    {
        apiName,
        errorCondition,
        errorMessage = zh is null ? new Dictionary<string, string> { ["en"] = en } : new Dictionary<string, string> { ["en"] = en, ["zh-CN"] = zh },
        errorField,
        active,
    };

    private static async Task AddRuleAsync(RecordsClient api, object rule)
    {
        var answer = await api.Metadata.PostAsync("/deal/rules", rule);
        Assert.True(answer.Status == HttpStatusCode.Created, $"{answer.Status}: {answer.Body}");
    }

    [Fact]
    public async Task An_admin_creates_lists_changes_and_deletes_rules_and_each_change_is_a_new_version_in_the_audit_log()
    {
        var api = await DealsAsync(app, "vr-crud");

        var created = await api.Metadata.PostAsync("/deal/rules", Rule("positiveAmount", "amount lt 0", "The amount cannot be negative.", "金额不能为负数。", errorField: "AMOUNT"));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("amount", true, "金额不能为负数。"), (created.Body!["errorField"]!.GetValue<string>(), created.Body["active"]!.GetValue<bool>(), created.Body["errorMessage"]!["zh-CN"]!.GetValue<string>()));
        var patched = await api.Metadata.PatchAsync("/deal/rules/positiveAmount", new { active = false, errorCondition = "amount le 0" });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal((false, "amount le 0"), (patched.Body!["active"]!.GetValue<bool>(), patched.Body["errorCondition"]!.GetValue<string>()));
        Assert.True(patched.Version > created.Version);
        var listed = await api.Metadata.GetAsync("/deal/rules");
        Assert.Equal(["positiveAmount"], listed.Body!.AsArray().Select(r => r!["apiName"]!.GetValue<string>()));
        Assert.Equal("amount le 0", (await api.Metadata.GetAsync("/deal")).Body!["rules"]![0]!["errorCondition"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Conflict, (await api.Metadata.PostAsync("/deal/rules", Rule("positiveAMOUNT", "amount lt 0", "Again"))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Metadata.DeleteAsync("/deal/rules/positiveAmount")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Metadata.GetAsync("/deal/rules/positiveAmount")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Metadata.DeleteAsync("/deal/rules/positiveAmount")).Status);

        var actions = (await api.Metadata.AuditAsync()).Where(a => a.Target == "deal.positiveAmount").Select(a => a.Action).ToList();
        Assert.Equal(["metadata.rule.created", "metadata.rule.deleted", "metadata.rule.updated"], actions.Order(StringComparer.Ordinal));
    }

    [Theory]
    // A syntax error: the parser's reason and position.
    [InlineData("amount lt", "errorCondition", "position")]
    // An unknown field is named.
    [InlineData("nope gt 1", "errorCondition", "nope")]
    // A condition must be true or false, not a number.
    [InlineData("amount add 1", "errorCondition", "is expected here")]
    public async Task A_bad_condition_is_refused_when_saved_with_its_reason(string condition, string path, string mentions)
    {
        var api = await DealsAsync(app, "vr-bad");

        var answer = await api.Metadata.PostAsync("/deal/rules", Rule("broken", condition, "Broken"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(mentions, answer.Messages(path), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_problem_of_a_rule_is_answered_at_once()
    {
        var api = await DealsAsync(app, "vr-bad-all");

        var answer = await api.Metadata.PostAsync("/deal/rules", new { apiName = "Bad Name", errorMessage = new { fr = "Non" }, errorField = "nope" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["apiName", "errorCondition", "errorField", "errorMessage.en", "errorMessage.fr"], answer.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_breaking_rules_gets_every_violation_at_once_keyed_by_field_or_record()
    {
        var api = await DealsAsync(app, "vr-write");
        await AddRuleAsync(api, Rule("positiveAmount", "amount lt 0", "The amount cannot be negative.", errorField: "amount"));
        await AddRuleAsync(api, Rule("wonNeedsDate", "stage eq 'won' and closeDate eq null", "A won deal needs a close date."));
        await AddRuleAsync(api, Rule("noLoss", "margin lt 0", "The deal must not lose money.", errorField: "cost"));
        await AddRuleAsync(api, Rule("sleeping", "amount gt 0", "Never checked while inactive.", active: false));

        var refused = await api.CreateAsync("deal", new { amount = -5, cost = 10, stage = "won" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal([RecordKey, "amount", "cost", "title"], refused.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("The amount cannot be negative.", refused.Messages("amount"));
        Assert.Equal("The deal must not lose money.", refused.Messages("cost"));
        Assert.Equal("A won deal needs a close date.", refused.Messages(RecordKey));

        var created = await api.CreatedAsync("deal", new { title = "Fine", amount = 100, cost = 10, stage = "won", closeDate = "2026-06-30" });

        // An update is judged on the record as it would be saved: the stored values with the patch over them.
        var patched = await api.PatchAsync("deal", created.Id, new { closeDate = (string?)null, cost = 200 });
        Assert.Equal(HttpStatusCode.BadRequest, patched.Status);
        Assert.Equal([RecordKey, "cost"], patched.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("deal", created.Id, new { title = "Renamed" })).Status);
        Assert.Equal(1, (await api.HistoryAsync("deal", created.Id)).Body!.AsArray().Count(r => r!["field"]!.GetValue<string>() == "cost"));
    }

    [Fact]
    public async Task A_rule_reading_a_field_that_failed_its_own_check_is_not_judged_on_a_value_that_was_not_written()
    {
        var api = await DealsAsync(app, "vr-skip");
        await AddRuleAsync(api, Rule("positiveAmount", "amount lt 0", "The amount cannot be negative.", errorField: "title"));

        var refused = await api.CreateAsync("deal", new { title = "Typo", amount = "lots" });

        Assert.Equal(["amount"], refused.Errors.Select(e => e.Key));
    }

    [Fact]
    public async Task The_message_is_given_in_the_callers_language_when_the_rule_has_it()
    {
        var api = await DealsAsync(app, "vr-zh");
        await AddRuleAsync(api, Rule("positiveAmount", "amount lt 0", "The amount cannot be negative.", "金额不能为负数。", errorField: "amount"));

        var chinese = await api.CreateAsync("deal", new { title = "负", amount = -1 }, "zh-CN,zh;q=0.9,en;q=0.5");
        var german = await api.CreateAsync("deal", new { title = "Negativ", amount = -1 }, "de-DE");

        Assert.Equal("金额不能为负数。", chinese.Messages("amount"));
        Assert.Equal("The amount cannot be negative.", german.Messages("amount"));
    }

    [Fact]
    public async Task A_field_a_rule_reads_or_shows_its_error_on_cannot_be_deleted()
    {
        var api = await DealsAsync(app, "vr-field");
        await AddRuleAsync(api, Rule("datedWins", "stage eq 'won' and closeDate eq null", "A won deal needs a close date.", errorField: "title"));

        var closeDate = await api.Metadata.DeleteAsync("/deal/fields/closeDate");
        var title = await api.Metadata.DeleteAsync("/deal/fields/title");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (closeDate.Status, title.Status));
        Assert.Contains("deal.datedWins", closeDate.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Metadata.DeleteAsync("/deal/rules/datedWins")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Metadata.DeleteAsync("/deal/fields/closeDate")).Status);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ValidationRulesOnSqlite(SqliteApp app) : ValidationRulesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class ValidationRulesOnPostgres(PostgresApp app) : ValidationRulesSpec(app);
