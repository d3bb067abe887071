using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Access;

/// <summary>Explain access answers, in plain words, which role and set decide, whether a record is in scope and why, and a field's access.</summary>
public abstract class ExplainAccessSpec(PlatformApp app)
{
    [Fact]
    public async Task Defaults_are_named_as_the_reason()
    {
        var world = await AccessWorld.CreateAsync(app, "explain-def");

        var answer = await ExplainAsync(world, $"?user={Uri.EscapeDataString(world.Bob.Email)}&entity=deal&record={world.Deals["carol"]}&field=cost");

        Assert.Equal("allowed", answer["decision"]!.GetValue<string>());
        Assert.Equal("own", answer["actions"]!["delete"]!.GetValue<string>());
        Assert.Contains("Role staff uses the default staff permissions: create, read all, update all, delete own deal records.", Reasons(answer));
        Assert.Contains(Reasons(answer), r => r.Contains("in scope", StringComparison.Ordinal) && r.Contains(world.Carol.Email, StringComparison.Ordinal));
        Assert.Contains("Field cost: readable and editable.", Reasons(answer));
    }

    [Fact]
    public async Task A_team_scope_is_explained_by_the_shared_team_and_a_hidden_field_by_the_allow_list()
    {
        var world = await AccessWorld.CreateAsync(app, "explain-team");
        await world.GiveAsync(TenantRoles.Staff, "Team sales", new Dictionary<string, object>
        {
            ["deal"] = new { read = true, scope = "team", fields = new { amount = "read" } },
        });

        var teamMate = await ExplainAsync(world, $"?user={world.Bob.UserId}&entity=deal&record={world.Deals["alice"]}&field=cost");
        var outsider = await ExplainAsync(world, $"?user={world.Bob.UserId}&entity=deal&record={world.Deals["carol"]}&field=amount");

        Assert.Equal("denied", teamMate["decision"]!.GetValue<string>());
        Assert.True(teamMate["recordInScope"]!.GetValue<bool>());
        Assert.Equal("none", teamMate["fieldAccess"]!.GetValue<string>());
        Assert.Contains("Role staff uses permission set Team sales: read team deal records.", Reasons(teamMate));
        Assert.Contains($"Record {world.Deals["alice"]} is owned by {world.Alice.Email}, who is in team North sales with {world.Bob.Email}: in {world.Bob.Email}'s team scope.", Reasons(teamMate));
        Assert.Contains("Field cost in permission set Team sales: not listed and otherFields is none.", Reasons(teamMate));
        Assert.Contains("Field cost: hidden.", Reasons(teamMate));
        Assert.Equal("denied", outsider["decision"]!.GetValue<string>());
        Assert.False(outsider["recordInScope"]!.GetValue<bool>());
        Assert.Contains(Reasons(outsider), r => r.EndsWith("who is in no team with " + world.Bob.Email + ": outside " + world.Bob.Email + "'s team scope.", StringComparison.Ordinal));
        Assert.Equal("read", outsider["fieldAccess"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_admins_may_ask_and_unknown_names_are_400s_keyed_by_parameter()
    {
        var world = await AccessWorld.CreateAsync(app, "explain-bad");
        var reader = await ExplainAsync(world, $"?user={world.Dora.Email}&entity=deal");

        Assert.Equal("Role readonly uses the default readonly permissions: read all deal records.", Assert.Single(Reasons(reader)));
        Assert.Equal("allowed", reader["decision"]!.GetValue<string>());
        Assert.NotNull((await ExplainAsync(world, "?user=nobody@example.com&entity=deal", HttpStatusCode.BadRequest))["errors"]!["user"]);
        Assert.NotNull((await ExplainAsync(world, $"?user={world.Alice.UserId}&entity=nope", HttpStatusCode.BadRequest))["errors"]!["entity"]);
        Assert.NotNull((await ExplainAsync(world, $"?user={world.Alice.UserId}&entity=deal&field=nope", HttpStatusCode.BadRequest))["errors"]!["field"]);
        var (status, _) = await world.SendAsync(HttpMethod.Get, $"/explain?user={world.Alice.UserId}&entity=deal", client: await world.AsAsync(world.Alice));
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task An_api_key_is_explained_by_its_role_reading_every_record_and_deleting_none_it_would_only_own()
    {
        var world = await AccessWorld.CreateAsync(app, "explain-key");
        await world.KeyAsync(TenantRoles.Staff);

        var answer = await ExplainAsync(world, $"?key={Uri.EscapeDataString("staff key")}&entity=deal&record={world.Deals["carol"]}");

        Assert.Equal("allowed", answer["decision"]!.GetValue<string>());
        Assert.Equal("staff", answer["role"]!.GetValue<string>());
        Assert.Equal(("all", "all", "none"), (answer["actions"]!["read"]!.GetValue<string>(), answer["actions"]!["update"]!.GetValue<string>(), answer["actions"]!["delete"]!.GetValue<string>()));
        Assert.StartsWith("API key staff key acts with role staff", Reasons(answer)[0], StringComparison.Ordinal);
        Assert.Contains(Reasons(answer), r => r.Contains("in scope", StringComparison.Ordinal));
        Assert.NotNull((await ExplainAsync(world, "?key=no-such-key&entity=deal", HttpStatusCode.BadRequest))["errors"]!["key"]);
        Assert.NotNull((await ExplainAsync(world, $"?key=staff%20key&user={world.Alice.UserId}&entity=deal", HttpStatusCode.BadRequest))["errors"]!["key"]);
    }

    private static async Task<JsonNode> ExplainAsync(AccessWorld world, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await world.SendAsync(HttpMethod.Get, "/explain" + query);
        Assert.True(status == expected, $"{status}: {body}");
        return body!;
    }

    private static string[] Reasons(JsonNode answer) => [.. answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>())];
}

[Collection(OnSqlite.Name)]
public sealed class ExplainAccessOnSqlite(SqliteApp app) : ExplainAccessSpec(app);

[Collection(OnPostgres.Name)]
public sealed class ExplainAccessOnPostgres(PostgresApp app) : ExplainAccessSpec(app);
