using System.Net;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Access;

/// <summary>A field the caller may not read is absent from every read path and unknown to queries; one they may only read cannot be written.</summary>
public abstract class FieldSecuritySpec(PlatformApp app)
{
    private static readonly Dictionary<string, object> HiddenCost = new()
    {
        ["deal"] = new { create = true, read = true, update = true, delete = true, fields = new { amount = "read", cost = "none" }, otherFields = "edit" },
    };

    [Fact]
    public async Task A_hidden_field_is_absent_from_the_record_the_list_select_history_and_recycle_bin()
    {
        var world = await AccessWorld.CreateAsync(app, "fls-read");
        await world.GiveAsync(TenantRoles.Staff, "No cost", HiddenCost);
        await world.Records(world.Admin).PatchAsync("deal", world.Deals["bob"], new { cost = 70m });
        await world.Records(world.Admin).DeleteAsync("deal", world.Deals["carol"]);
        var alice = await world.AsAsync(world.Alice);

        var record = (await world.Records(alice).GetAsync("deal", world.Deals["bob"])).Body!.AsObject();
        var list = (await world.Query(alice).QueryAsync("deal")).Value;
        var history = (await world.Records(alice).HistoryAsync("deal", world.Deals["bob"])).Body!.AsArray();
        var bin = (await world.Records(alice).RecycleBinAsync("deal")).Body!.AsArray();
        var asAdmin = (await world.Records(world.Admin).GetAsync("deal", world.Deals["bob"])).Body!.AsObject();

        Assert.False(record.ContainsKey("cost"));
        Assert.Equal(100m, record["amount"]!.GetValue<decimal>());
        Assert.All(list, r => Assert.False(r!.AsObject().ContainsKey("cost")));
        Assert.DoesNotContain(history, h => h!["field"]!.GetValue<string>() == "cost");
        Assert.Contains(history, h => h!["field"]!.GetValue<string>() == "amount");
        Assert.False(Assert.Single(bin)!.AsObject().ContainsKey("cost"));
        Assert.Equal(70m, asAdmin["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_hidden_field_cannot_be_selected_filtered_or_sorted_on_as_if_it_did_not_exist()
    {
        var world = await AccessWorld.CreateAsync(app, "fls-query");
        await world.GiveAsync(TenantRoles.Staff, "No cost", HiddenCost);
        var alice = world.Query(await world.AsAsync(world.Alice));

        (string Option, string Value)[] cases =
        [
            // each names the field as an unknown one would be named
            ("$select", "title,cost"),
            ("$filter", "cost gt 10"),
            ("$orderby", "cost desc"),
        ];
        foreach (var (option, value) in cases)
        {
            var answer = await alice.QueryAsync("deal", (option, value));
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{option}={value}: {answer.Status} {answer.Body}");
            Assert.Contains("'cost'", answer.Messages(option), StringComparison.Ordinal);
        }

        var selected = await alice.QueryAsync("deal", ("$select", "amount"), ("$filter", "amount eq 100"));
        Assert.Equal(HttpStatusCode.OK, selected.Status);
        Assert.Equal(4, selected.Value.Count);
    }

    [Fact]
    public async Task Hiding_the_field_the_name_copies_hides_the_name_too()
    {
        var world = await AccessWorld.CreateAsync(app, "fls-name");
        await world.GiveAsync(TenantRoles.Staff, "No titles", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, fields = new { title = "none" }, otherFields = "read" },
        });
        var alice = await world.AsAsync(world.Alice);

        var record = (await world.Records(alice).GetAsync("deal", world.Deals["bob"])).Body!.AsObject();
        var list = await world.Query(alice).QueryAsync("deal");
        var byName = await world.Query(alice).QueryAsync("deal", ("$filter", "name eq 'bob'"));

        Assert.Null(record["name"]);
        Assert.False(record.ContainsKey("title"));
        Assert.All(list.Value, r => Assert.Null(r!["name"]));
        Assert.Equal(HttpStatusCode.BadRequest, byName.Status);
        Assert.Contains("'name'", byName.Messages("$filter"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expanding_a_lookup_names_the_target_only_for_callers_who_may_read_it()
    {
        var world = await AccessWorld.CreateAsync(app, "fls-expand");
        var before = await world.Query(await world.AsAsync(world.Alice)).QueryAsync("deal", ("$expand", "account"), ("$select", "account"));
        await world.GiveAsync(TenantRoles.Staff, "Deals only", HiddenCost);
        var after = await world.Query(await world.AsAsync(world.Alice)).QueryAsync("deal", ("$expand", "account"), ("$select", "account"));
        var company = await world.Records(await world.AsAsync(world.Alice)).GetAsync("company", world.Company);

        Assert.Equal("Acme", before.Value[0]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal(world.Company.ToString(), after.Value[0]!["account"]!["id"]!.GetValue<string>());
        Assert.Null(after.Value[0]!["account"]!["name"]);
        Assert.Equal(HttpStatusCode.Forbidden, company.Status);
    }

    [Fact]
    public async Task Writing_a_read_only_or_hidden_field_is_a_400_naming_it()
    {
        var world = await AccessWorld.CreateAsync(app, "fls-write");
        await world.GiveAsync(TenantRoles.Staff, "No cost", HiddenCost);
        var alice = world.Records(await world.AsAsync(world.Alice));

        var readOnly = await alice.PatchAsync("deal", world.Deals["alice"], new { amount = 5m });
        var hidden = await alice.PatchAsync("deal", world.Deals["alice"], new { cost = 5m });
        var created = await alice.CreateAsync("deal", new { title = "new", cost = 1m });
        var allowed = await alice.PatchAsync("deal", world.Deals["alice"], new { title = "renamed" });

        Assert.Equal(HttpStatusCode.BadRequest, readOnly.Status);
        Assert.Contains("may read the field 'amount' but not change it", readOnly.Messages("amount"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, hidden.Status);
        Assert.Contains("has no field 'cost'", hidden.Messages("cost"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, created.Status);
        Assert.Contains("cost", created.Errors.Select(e => e.Key));
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.False(allowed.Body!.AsObject().ContainsKey("cost"));
    }
}

[Collection(OnSqlite.Name)]
public sealed class FieldSecurityOnSqlite(SqliteApp app) : FieldSecuritySpec(app);

[Collection(OnPostgres.Name)]
public sealed class FieldSecurityOnPostgres(PostgresApp app) : FieldSecuritySpec(app);
