using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// Plays one JSON scenario (Workflows/Scenarios/*.json) against a new tenant through the HTTP API: members, teams,
/// entities and workflows first, then actions and expectations in order. Names written <c>$kind:alias</c> in the
/// file (<c>$record:ann</c>, <c>$team:sales</c>, <c>$member:boss</c>, <c>$user:boss</c>), <c>$unique</c> and <c>$in:P5D</c>
/// (a moment on the scenario's clock) are replaced. Optional blocks: <c>packs</c> to install, <c>rejects</c> (definitions
/// refused on save with the expected errors by path).
/// </summary>
internal sealed partial class WorkflowScenario(ClockedApp app, JsonObject scenario)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal) { ["$unique"] = Guid.NewGuid().ToString("N")[..10] };
    private readonly Dictionary<string, string> people = new(StringComparer.Ordinal);
    private WorkflowsClient api = null!;
    private HookServer? hooks;

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", "Scenarios", name + ".json")))!.AsObject();

    public static IEnumerable<string> All() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Workflows", "Scenarios"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    public async Task PlayAsync()
    {
        if (scenario["webhooks"] is JsonObject served)
        {
            // A loopback server for the scenario's webhook steps: "$hook:name" is the address of its path /name.
            hooks = await HookServer.StartAsync();
            foreach (var (name, answers) in served)
            {
                names[$"$hook:{name}"] = hooks.Serve($"/{names["$unique"]}/{name}", answers!.AsArray());
            }
        }

        try
        {
            await PlayScenarioAsync();
        }
        finally
        {
            if (hooks is not null)
            {
                await hooks.DisposeAsync();
            }
        }
    }

    private async Task PlayScenarioAsync()
    {
        var (tenant, key) = await app.CreateTenantAsync("wfs");
        api = new WorkflowsClient(app.ClientWithKey(key), tenant.Identifier);
        foreach (var member in Items("members"))
        {
            var alias = member!["as"]!.GetValue<string>();
            var email = $"{alias}-{names["$unique"]}@example.com";
            var created = await app.AddMemberAsync(tenant.Identifier, key, email, member["role"]?.GetValue<string>() ?? "staff");
            names[$"$member:{alias}"] = email;
            names[$"$user:{alias}"] = created.UserId.ToString();
            people[alias] = email;
        }

        foreach (var team in Items("teams"))
        {
            var answer = await api.ApiAsync(HttpMethod.Post, "/teams", new { name = team!["name"]!.GetValue<string>() });
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            var id = answer.Body!["id"]!.GetValue<string>();
            names[$"$team:{team["as"]!.GetValue<string>()}"] = id;
            foreach (var member in team["members"]!.AsArray())
            {
                var userId = names[$"$user:{member!.GetValue<string>()}"];
                Assert.Equal(HttpStatusCode.OK, (await api.ApiAsync(HttpMethod.Put, $"/teams/{id}/members/{userId}")).Status);
            }
        }

        foreach (var pack in Items("packs"))
        {
            var installed = await api.ApiAsync(HttpMethod.Post, "/packs", new { id = pack!.GetValue<string>() });
            Assert.True(installed.Status == HttpStatusCode.Created, $"{installed.Status}: {installed.Body}");
        }

        foreach (var entity in Items("entities"))
        {
            await api.Records.Metadata.CreateEntityAsync(entity!);
        }

        // Fields added once every entity exists: roll-ups over a child that points to the parent, say.
        foreach (var field in Items("fields"))
        {
            var added = await api.Records.Metadata.PostAsync($"/{field!["entity"]!.GetValue<string>()}/fields", field["field"]!);
            Assert.True(added.Status == HttpStatusCode.Created, $"{added.Status}: {added.Body}");
        }

        foreach (var workflow in Items("workflows"))
        {
            var definition = Substitute(workflow!["definition"]!);
            names[$"$workflow:{workflow["as"]!.GetValue<string>()}"] = (await api.PublishedAsync(definition)).ToString();
        }

        foreach (var rejected in Items("rejects"))
        {
            // A definition refused on save, with each expected message under its JSON path.
            var answer = await api.SendAsync(HttpMethod.Post, string.Empty, Substitute(rejected!["definition"]!));
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
            foreach (var (path, message) in rejected["errors"]!.AsObject())
            {
                var messages = answer.Body!["errors"]?[path] as JsonArray;
                Assert.True(
                    messages?.Any(m => m!.GetValue<string>().Contains(message!.GetValue<string>(), StringComparison.Ordinal)) == true,
                    $"No error under {path} containing '{message}': {answer.Body}");
            }
        }

        var step = 0;
        foreach (var action in Items("actions"))
        {
            step++;
            try
            {
                await ActAsync(action!.AsObject());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Action {step} ({action!.ToJsonString()}) failed: {ex.Message}", ex);
            }
        }
    }

    private async Task ActAsync(JsonObject action)
    {
        var verb = action.First().Key;
        var target = action[verb]!.GetValueKind() == JsonValueKind.String ? Substitute(action[verb]!.GetValue<string>()) : null;
        switch (verb)
        {
            case "create":
                var created = await api.Records.CreatedAsync(target!, Substitute(action["values"]!));
                names[$"$record:{action["as"]!.GetValue<string>()}"] = created.Id.ToString();
                break;
            case "update":
                var patched = await api.Records.PatchAsync(action["entity"]!.GetValue<string>(), Guid.Parse(Record(target!)), Substitute(action["values"]!));
                Assert.True(patched.Status == HttpStatusCode.OK, $"{patched.Status}: {patched.Body}");
                break;
            case "delete":
                Assert.Equal(HttpStatusCode.OK, (await api.Records.DeleteAsync(action["entity"]!.GetValue<string>(), Guid.Parse(Record(target!)))).Status);
                break;
            case "run":
                var records = action["records"]!.AsArray().Select(r => Guid.Parse(Record(r!.GetValue<string>()))).ToArray();
                var run = await api.SendAsync(HttpMethod.Post, $"/{names[$"$workflow:{target}"]}/run", new { recordIds = records });
                Assert.True(run.Status == HttpStatusCode.Accepted, $"{run.Status}: {run.Body}");
                break;
            case "advance":
                app.Clock.Advance(System.Xml.XmlConvert.ToTimeSpan(target!));
                break;
            case "decide":
                var waiting = action["expect"] is null ? await AwaitRunAsync(target!, "waiting") : (await LatestRunAsync(target!))!;
                // Signed in now: a token from before the clock moved may have expired.
                var person = await app.SignedInAsync(people[action["by"]!.GetValue<string>()]);
                var decided = await person.PostAsJsonAsync(
                    $"/t/{api.Tenant}/api/workflows/runs/{waiting["id"]}/approvals",
                    new { decision = action["decision"]!.GetValue<string>(), comment = action["comment"]?.GetValue<string>() },
                    TestContext.Current.CancellationToken);
                Assert.True(decided.StatusCode == (HttpStatusCode)(action["expect"]?.GetValue<int>() ?? 200), $"{decided.StatusCode}: {await decided.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                break;
            case "cancel" or "retry":
                var current = await LatestRunAsync(target!);
                Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Post, $"/runs/{current!["id"]}/{verb}")).Status);
                break;
            case "await":
                var reached = await AwaitRunAsync(target!, action["status"]!.GetValue<string>());
                if (action["steps"] is JsonArray expected)
                {
                    // A run still in the status it had before the clock moved has not taken its next steps yet: wait for them.
                    var deadline = DateTime.UtcNow + Patience;
                    List<string> taken;
                    while (true)
                    {
                        var detail = await api.SendAsync(HttpMethod.Get, $"/runs/{reached["id"]!.GetValue<string>()}");
                        Assert.True(detail.Status == HttpStatusCode.OK, $"{detail.Status}: {detail.Body}");
                        taken = [.. detail.Body!["steps"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>())];
                        if (taken.Count >= expected.Count || DateTime.UtcNow > deadline)
                        {
                            break;
                        }

                        await Task.Delay(100, TestContext.Current.CancellationToken);
                        reached = await AwaitRunAsync(target!, action["status"]!.GetValue<string>());
                    }

                    Assert.Equal(expected.Select(s => s!.GetValue<string>()), taken);
                }

                if (action["error"] is JsonNode error)
                {
                    Assert.Contains(error.GetValue<string>(), reached["error"]!.GetValue<string>(), StringComparison.Ordinal);
                }

                if (action["output"] is JsonNode output)
                {
                    await ExpectLastOutputAsync(reached, output.GetValue<string>());
                }

                break;
            case "replay":
                await ReplayAsync(target!, action["step"]!.GetValue<string>());
                break;
            case "expectRuns":
                var all = await RunsAsync(target!);
                Assert.Equal(action["count"]!.GetValue<int>(), all.Count);
                break;
            case "expectRecord":
                var body = (await api.Records.GetAsync(action["entity"]!.GetValue<string>(), Guid.Parse(Record(target!)))).Body!;
                foreach (var (field, value) in Substitute(action["values"]!).AsObject())
                {
                    Assert.True(JsonNode.DeepEquals(value, body[field]), $"{field}: expected {value?.ToJsonString()}, found {body[field]?.ToJsonString()}");
                }

                break;
            case "expectRecords":
                var list = (await api.ApiAsync(HttpMethod.Get, $"/data/{target}")).Body!["value"]!.AsArray();
                var where = action["where"] is JsonNode filter ? Substitute(filter).AsObject() : [];
                var matching = list.Where(r => where.All(w => JsonNode.DeepEquals(w.Value, r![w.Key]))).ToList();
                Assert.True(action["count"]!.GetValue<int>() == matching.Count, $"{matching.Count} of {list.Count} {target} records match {where.ToJsonString()}: {list.ToJsonString()}");
                break;
            case "expectMail":
                await ExpectMailAsync(target!, action["subject"]!.GetValue<string>(), action["count"]?.GetValue<int>() ?? 1, action["body"]?.GetValue<string>());
                break;
            case "publish":
                var workflowId = names[$"$workflow:{target}"];
                var edited = await api.SendAsync(HttpMethod.Put, $"/{workflowId}", Substitute(action["definition"]!));
                Assert.True(edited.Status == HttpStatusCode.OK, $"{edited.Status}: {edited.Body}");
                var published = await api.SendAsync(HttpMethod.Post, $"/{workflowId}/publish");
                Assert.True(published.Status == HttpStatusCode.OK, $"{published.Status}: {published.Body}");
                break;
            case "migrate":
                await MigrateAsync(target!, action);
                break;
            case "expectHookCalls":
                ExpectHookCalls(target!, action);
                break;
            case "expectRunHides":
                var hidden = await AwaitRunAsync(target!, action["status"]?.GetValue<string>() ?? "completed");
                var shown = await api.SendAsync(HttpMethod.Get, $"/runs/{hidden["id"]!.GetValue<string>()}");
                Assert.DoesNotContain(action["text"]!.GetValue<string>(), shown.Body!.ToJsonString(), StringComparison.Ordinal);
                break;
            case "expectTriggerLog":
                await ExpectTriggerLogAsync(target!, action["outcome"]!.GetValue<string>(), action["reason"]!.GetValue<string>());
                break;
            default:
                throw new InvalidOperationException($"Unknown scenario action '{verb}'.");
        }
    }

    private async Task<List<JsonNode>> RunsAsync(string record)
    {
        var id = Record(record);
        var runs = (await api.SendAsync(HttpMethod.Get, "/runs?take=500")).Body!.AsArray();
        return [.. runs.Where(r => r!["recordId"]?.GetValue<string>() == id).Select(r => r!)];
    }

    private async Task<JsonNode?> LatestRunAsync(string record) => (await RunsAsync(record)).FirstOrDefault();

    private async Task<JsonNode> AwaitRunAsync(string record, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode? latest = null;
        while (DateTime.UtcNow < deadline)
        {
            latest = await LatestRunAsync(record);
            if (latest?["status"]?.GetValue<string>() == status)
            {
                return latest;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The run of {record} did not become {status}; last seen: {latest?.ToJsonString() ?? "no run"}.");
    }

    private async Task ExpectMailAsync(string to, string subject, int count, string? body)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<MimeMessage> found = [];
        while (DateTime.UtcNow < deadline)
        {
            found = [.. app.MailFiles().Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject == subject)];
            if (found.Count >= count)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(count, found.Count);
        if (body is not null)
        {
            Assert.Contains(body, found[0].TextBody, StringComparison.Ordinal);
        }
    }

    private async Task ExpectTriggerLogAsync(string record, string outcome, string reason)
    {
        var id = Record(record);
        var deadline = DateTime.UtcNow + Patience;
        JsonArray log = [];
        while (DateTime.UtcNow < deadline)
        {
            log = (await api.SendAsync(HttpMethod.Get, $"/trigger-log?recordId={id}")).Body!.AsArray();
            if (log.Any(e => e!["outcome"]!.GetValue<string>() == outcome && e["reason"]!.GetValue<string>().Contains(reason, StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No trigger-log entry for {record} is {outcome} with '{reason}': {log.ToJsonString()}");
    }

    /// <summary>Moves runs between versions: the runs of the records in <c>runs</c> (all when absent); expects who moved and who did not and why.</summary>
    private async Task MigrateAsync(string workflow, JsonObject action)
    {
        var body = new JsonObject { ["fromVersion"] = action["from"]!.DeepClone(), ["toVersion"] = action["to"]!.DeepClone() };
        if (action["runs"] is JsonArray runs)
        {
            body["runIds"] = new JsonArray([.. await Task.WhenAll(runs.Select(async r => (JsonNode)(await LatestRunAsync(r!.GetValue<string>()))!["id"]!.GetValue<string>()))]);
        }

        var answer = await api.SendAsync(HttpMethod.Post, $"/{names[$"$workflow:{workflow}"]}/runs/migrate", body);
        Assert.True(answer.Status == (HttpStatusCode)(action["status"]?.GetValue<int>() ?? 200), $"{answer.Status}: {answer.Body}");
        if (action["error"] is JsonNode error)
        {
            Assert.True(answer.Body!["errors"]?[error.GetValue<string>()] is not null, $"No error under {error}: {answer.Body}");
            return;
        }

        var moved = answer.Body!["moved"]!.AsArray().Select(m => m!.GetValue<string>()).Order().ToList();
        var expected = new List<string>();
        foreach (var alias in action["moved"]!.AsArray())
        {
            expected.Add((await LatestRunAsync(alias!.GetValue<string>()))!["id"]!.GetValue<string>());
        }

        Assert.True(expected.Order().SequenceEqual(moved), $"Expected {string.Join(", ", action["moved"]!.AsArray())} to move: {answer.Body}");
        var notMoved = answer.Body["notMoved"]!.AsArray();
        Assert.Equal((action["notMoved"] as JsonObject)?.Count ?? 0, notMoved.Count);
        foreach (var (alias, reason) in action["notMoved"] as JsonObject ?? [])
        {
            var id = (await LatestRunAsync(alias))!["id"]!.GetValue<string>();
            Assert.Contains(notMoved, n => n!["runId"]!.GetValue<string>() == id && n["reason"]!.GetValue<string>().Contains(reason!.GetValue<string>(), StringComparison.Ordinal));
        }
    }

    /// <summary>The calls a hook path received: how many, how many it answered with success, with how many idempotency keys, and what they carried.</summary>
    private void ExpectHookCalls(string name, JsonObject action)
    {
        var received = hooks!.Requests($"/{names["$unique"]}/{name}");
        var summary = string.Join(" | ", received.Select(r => $"{r.Method} {r.Status} {r.Body}"));
        Assert.True(action["count"]!.GetValue<int>() == received.Count, $"{received.Count} calls: {summary}");
        if (action["succeeded"] is JsonNode succeeded)
        {
            Assert.True(succeeded.GetValue<int>() == received.Count(r => r.Status is >= 200 and < 300), summary);
        }

        if (action["keys"] is JsonNode keys)
        {
            Assert.Equal(keys.GetValue<int>(), received.Select(r => r.Headers.GetValueOrDefault("Idempotency-Key")).Distinct().Count());
        }

        if (action["body"] is JsonNode body)
        {
            Assert.True(JsonNode.DeepEquals(Substitute(body), JsonNode.Parse(received[^1].Body)), $"Expected body {body.ToJsonString()}, received {received[^1].Body}");
        }

        foreach (var (header, value) in action["headers"] as JsonObject ?? [])
        {
            Assert.Equal(value!.GetValue<string>(), received[^1].Headers.GetValueOrDefault(header));
        }
    }

    private string Record(string alias) => alias.StartsWith('$') ? Substitute(alias) : names[$"$record:{alias}"];

    private JsonArray Items(string name) => scenario[name] as JsonArray ?? [];

    private JsonNode Substitute(JsonNode node) => JsonNode.Parse(Substitute(node.ToJsonString()))!;

    private string Substitute(string text) =>
        Moments().Replace(
            names.OrderByDescending(n => n.Key.Length).Aggregate(text, (current, name) => current.Replace(name.Key, name.Value, StringComparison.Ordinal)),
            m => (app.Clock.GetUtcNow() + System.Xml.XmlConvert.ToTimeSpan(m.Groups[1].Value)).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><c>$in:P5D</c> (or <c>$in:-P1D</c>): the scenario clock's moment that far from now, as an ISO 8601 dateTime.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\$in:(-?P[0-9A-Z.]+)")]
    private static partial System.Text.RegularExpressions.Regex Moments();
}
