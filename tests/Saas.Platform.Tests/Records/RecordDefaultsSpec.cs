using System.Globalization;
using System.Net;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>A create takes the default value of each field it leaves out, computed at the write's time, through the HTTP API.</summary>
public abstract class RecordDefaultsSpec(ClockedApp app)
{
    private static readonly object Priorities = new
    {
        values = new object[] { new { apiName = "normal", label = new { en = "Normal" } }, new { apiName = "high", label = new { en = "High" } } },
    };

    private static object WithDefault(string apiName, string type, string defaultValue, object? settings = null) =>
        new { apiName, label = new { en = apiName }, type, settings, defaultValue };

    private static async Task<RecordsClient> TicketsAsync(ClockedApp app, string prefix)
    {
        var api = await RecordsClient.ForNewTenantAsync(app, prefix);
        await api.Metadata.CreateEntityAsync(
            "ticket",
            Field("subject", "text"),
            WithDefault("channel", "text", "'web'"),
            WithDefault("hours", "number", "2.5", new { precision = 10, scale = 2 }),
            WithDefault("billable", "boolean", "true"),
            WithDefault("startsOn", "date", "2026-06-30"),
            WithDefault("dueOn", "date", "date(now())"),
            WithDefault("openedAt", "dateTime", "now()"),
            WithDefault("priority", "picklist", "'high'", Priorities));
        return api;
    }

    [Fact]
    public async Task Fields_left_out_take_their_defaults_of_every_type_at_the_time_of_the_write()
    {
        var api = await TicketsAsync(app, "def-types");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = app.Now;

        var created = await api.CreatedAsync("ticket", new { subject = "Printer" });

        var body = (await api.GetAsync("ticket", created.Id)).Body!;
        Assert.Equal("web", body["channel"]!.GetValue<string>());
        Assert.Equal(2.5m, body["hours"]!.GetValue<decimal>());
        Assert.True(body["billable"]!.GetValue<bool>());
        Assert.Equal("2026-06-30", body["startsOn"]!.GetValue<string>());
        Assert.Equal(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body["dueOn"]!.GetValue<string>());
        Assert.Equal(now, DateTimeOffset.Parse(body["openedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(body["createdAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.Parse(body["openedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal("high", body["priority"]!.GetValue<string>());
        var history = (await api.HistoryAsync("ticket", created.Id)).Body!.AsArray();
        Assert.Contains(history, row => row!["field"]!.GetValue<string>() == "channel" && row["newValue"]!.GetValue<string>() == "web");
    }

    [Fact]
    public async Task An_explicit_null_means_no_value_and_a_given_value_wins_over_the_default()
    {
        var api = await TicketsAsync(app, "def-null");

        var created = await api.CreatedAsync("ticket", """{ "subject": "Fax", "channel": null, "billable": null, "hours": 7, "priority": "normal" }""");

        var body = created.Body!;
        Assert.Null(body["channel"]);
        Assert.Null(body["billable"]);
        Assert.Equal(7m, body["hours"]!.GetValue<decimal>());
        Assert.Equal("normal", body["priority"]!.GetValue<string>());
        Assert.Equal("2026-06-30", body["startsOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Defaults_apply_on_create_only()
    {
        var api = await TicketsAsync(app, "def-create");
        var created = await api.CreatedAsync("ticket", new { subject = "Scanner" });

        await api.PatchAsync("ticket", created.Id, new { channel = (string?)null });
        var patched = await api.PatchAsync("ticket", created.Id, new { subject = "Scanner 2" });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Null(patched.Body!["channel"]);
        Assert.Equal("Scanner 2", patched.Body!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_default_that_does_not_fit_its_field_is_refused_naming_the_field_unless_a_value_is_given()
    {
        var api = await RecordsClient.ForNewTenantAsync(app, "def-misfit");
        await api.Metadata.CreateEntityAsync("note", Field("subject", "text"), WithDefault("code", "text", "'too long'", new { maxLength = 3 }));

        var refused = await api.CreateAsync("note", new { subject = "a" });
        var given = await api.CreateAsync("note", new { subject = "b", code = "abc" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("default value of code", refused.Messages("code"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, given.Status);
    }
}

[Collection(ClockedOnSqlite.Name)]
public sealed class RecordDefaultsOnSqlite(ClockedSqliteApp app) : RecordDefaultsSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class RecordDefaultsOnPostgres(ClockedPostgresApp app) : RecordDefaultsSpec(app);
