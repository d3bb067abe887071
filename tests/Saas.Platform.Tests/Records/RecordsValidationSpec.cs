using System.Collections.Concurrent;
using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Every rule of a write answers 400 with the field named, and all violations of a request come together.</summary>
public abstract class RecordsValidationSpec(PlatformApp app)
{
    private static readonly ConcurrentDictionary<PlatformApp, Lazy<Task<(RecordsClient Api, Guid Target, Guid Taken)>>> Tenants = new();

    public static TheoryData<string, string, string, string> Violations => new()
    {
        { "text too long", """{ "title": "eleven char" }""", "title", "at most 10 characters" }, // maxLength counts characters
        { "text not a string", """{ "title": 5 }""", "title", "must be a string" }, // JSON kind
        { "required left out", """{ "email": "a@b.co" }""", "title", "is required" }, // required on create
        { "required emptied", """{ "title": "" }""", "title", "is required" }, // an empty text is no value
        { "email", """{ "title": "t", "email": "not-an-email" }""", "email", "email address" }, // email format
        { "phone", """{ "title": "t", "phone": "call me" }""", "phone", "phone number" }, // phone format
        { "url", """{ "title": "t", "site": "ftp://example.com" }""", "site", "http or https" }, // only web addresses
        { "number kind", """{ "title": "t", "qty": "12" }""", "qty", "must be a number" }, // a string is not a number
        { "number scale", """{ "title": "t", "qty": 1.5 }""", "qty", "0 after it" }, // scale 0
        { "number precision", """{ "title": "t", "qty": 123456 }""", "qty", "5 digits before" }, // precision 5
        { "currency scale", """{ "title": "t", "amount": 1.234 }""", "amount", "2 after it" }, // currency keeps cents
        { "percent range", """{ "title": "t", "pct": 1000 }""", "pct", "3 digits before" }, // percent (5,2)
        { "date format", """{ "title": "t", "day": "31/03/2026" }""", "day", "yyyy-MM-dd" }, // dates as yyyy-MM-dd
        { "date impossible", """{ "title": "t", "day": "2026-02-30" }""", "day", "yyyy-MM-dd" }, // no such day
        { "dateTime offset", """{ "title": "t", "at": "2026-03-31T09:30:00" }""", "at", "with an offset" }, // an offset is required
        { "boolean", """{ "title": "t", "flag": "yes" }""", "flag", "true or false" }, // booleans are JSON booleans
        { "picklist unknown", """{ "title": "t", "stage": "lost" }""", "stage", "has no value 'lost'" }, // membership
        { "picklist inactive", """{ "title": "t", "stage": "old" }""", "stage", "inactive" }, // inactive values cannot be chosen
        { "multiPicklist kind", """{ "title": "t", "tags": "red" }""", "tags", "must be an array" }, // an array is required
        { "multiPicklist duplicate", """{ "title": "t", "tags": ["red", "RED"] }""", "tags", "more than once" }, // distinct values
        { "lookup not a guid", """{ "title": "t", "target": "abc" }""", "target", "id of a record" }, // lookup format
        { "lookup missing", """{ "title": "t", "target": "0195f0a0-0000-7000-8000-000000000000" }""", "target", "there is no target record" }, // no such record
        { "owner not a member", """{ "title": "t", "rep": "0195f0a0-0000-7000-8000-000000000000" }""", "rep", "not a member" }, // owner must be a member
        { "record owner not a member", """{ "title": "t", "ownerId": "0195f0a0-0000-7000-8000-000000000000" }""", "ownerId", "not a member" }, // so must the record's owner
        { "autoNumber written", """{ "title": "t", "num": "V-9" }""", "num", "auto-number" }, // the platform assigns it
        { "readOnly written", """{ "title": "t", "locked": "x" }""", "locked", "read-only" }, // read-only fields
        { "unique taken", """{ "title": "t", "code": "TAKEN" }""", "code", "must be unique: record" }, // case-insensitive uniqueness
        { "unknown field", """{ "title": "t", "nope": 1 }""", "nope", "has no field 'nope'" }, // never silently dropped
        { "system id", """{ "title": "t", "id": "0195f0a0-0000-7000-8000-000000000000" }""", "id", "system field" }, // system fields
        { "system version", """{ "title": "t", "version": 7 }""", "version", "system field" },
        { "system createdAt", """{ "title": "t", "createdAt": "2026-01-01T00:00:00Z" }""", "createdAt", "system field" },
        { "system name", """{ "title": "t", "name": "x" }""", "name", "system field" },
        { "system tenantId", """{ "title": "t", "tenantId": "0195f0a0-0000-7000-8000-000000000000" }""", "tenantId", "system field" },
        { "system deletedAt", """{ "title": "t", "deletedAt": null }""", "deletedAt", "system field" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_create_that_breaks_a_rule_is_refused_naming_the_field(string rule, string body, string field, string message)
    {
        var (api, _, _) = await TenantAsync();

        var answer = await api.CreateAsync("thing", body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{rule}: {answer.Status} {answer.Body}");
        Assert.Contains(message, answer.Messages(field), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_violation_of_a_request_is_answered_at_once()
    {
        var (api, _, _) = await TenantAsync();

        var answer = await api.CreateAsync("thing", """{ "email": "x", "qty": "many", "nope": true, "version": 2 }""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["email", "nope", "qty", "title", "version"], answer.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_update_cannot_empty_a_required_field_and_may_keep_an_inactive_value()
    {
        var (api, target, _) = await TenantAsync();
        var record = await api.CreatedAsync("thing", new { title = "keep", target = target.ToString(), tags = new List<string> { "red" } });

        var emptied = await api.PatchAsync("thing", record.Id, new { title = (string?)null, qty = 7.5m });
        Assert.Equal(HttpStatusCode.BadRequest, emptied.Status);
        Assert.Contains("cannot be emptied", emptied.Messages("title"), StringComparison.Ordinal);
        Assert.Contains("0 after it", emptied.Messages("qty"), StringComparison.Ordinal);
        Assert.Equal("keep", (await api.GetAsync("thing", record.Id)).Body!["title"]!.GetValue<string>());
    }

    private Task<(RecordsClient Api, Guid Target, Guid Taken)> TenantAsync() =>
        Tenants.GetOrAdd(app, a => new Lazy<Task<(RecordsClient, Guid, Guid)>>(() => CreateTenantAsync(a))).Value;

    private static async Task<(RecordsClient, Guid, Guid)> CreateTenantAsync(PlatformApp app)
    {
        var api = await RecordsClient.ForNewTenantAsync(app, "rec-rules");
        await api.Metadata.CreateEntityAsync("target", Field("label", "text"));
        await api.Metadata.CreateEntityAsync("thing",
            Field("title", "text", new { maxLength = 10 }, required: true),
            Field("email", "email"),
            Field("phone", "phone"),
            Field("site", "url"),
            Field("qty", "number", new { precision = 5, scale = 0 }),
            Field("amount", "currency"),
            Field("pct", "percent"),
            Field("day", "date"),
            Field("at", "dateTime"),
            Field("flag", "boolean"),
            Field("stage", "picklist", new { values = new object[] { new { apiName = "new", label = new { en = "New" } }, new { apiName = "old", label = new { en = "Old" }, isActive = false } } }),
            Field("tags", "multiPicklist", new { values = new object[] { new { apiName = "red", label = new { en = "Red" } }, new { apiName = "blue", label = new { en = "Blue" } } } }),
            Field("target", "lookup", new { targetEntity = "target" }),
            Field("rep", "owner"),
            Field("code", "text", unique: true),
            Field("num", "autoNumber", new { pattern = "V-{0}" }),
            new { apiName = "locked", label = new { en = "Locked" }, type = "text", readOnly = true });
        var target = await api.CreatedAsync("target", new { label = "a target" });
        var taken = await api.CreatedAsync("thing", new { title = "first", code = "taken" });
        return (api, target.Id, taken.Id);
    }
}

[Collection(OnSqlite.Name)]
public sealed class RecordsValidationOnSqlite(SqliteApp app) : RecordsValidationSpec(app);

[Collection(OnPostgres.Name)]
public sealed class RecordsValidationOnPostgres(PostgresApp app) : RecordsValidationSpec(app);
