using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;

namespace Saas.Benchmarks;

/// <summary>
/// Steps per second of the workflow engine: a published 5-step workflow (if, then four field updates through the
/// record service) started by hand on <c>records</c> new deals, timed from the run request until no run is pending.
/// A server that runs workflows all day runs them in optimized code, while a new process spends its first minutes in
/// the JIT compiler's tiers (each hot method is compiled three times: quickly, instrumented, then optimized with the
/// profile). So the same workflow first runs untimed, in rounds on as many other deals, until a round spends under 2 %
/// of its time compiling (at most <see cref="MaxWarmUpRounds"/> rounds); the first of them is reported too, as the
/// figure of a process that just started.
/// </summary>
internal static class WorkflowBench
{
    private const int Steps = 5;

    private const int MaxWarmUpRounds = 6;

    /// <summary>A round that spends less of its time in the JIT compiler than this counts as warm.</summary>
    private const double SettledJitShare = 0.02;

    public static async Task<string[][]> MeasureAsync(HttpClient api, string provider, int records)
    {

        var workflow = await api.PostAsJsonAsync("/t/bench/api/workflows", new
        {
            name = "Five steps",
            trigger = new { type = "manual", entity = "deal" },
            steps = new object[]
            {
                new
                {
                    id = "big", type = "if", condition = "amount gt 100",
                    then = new object[] { new { id = "noteBig", type = "updateFields", values = new Dictionary<string, string> { ["notes"] = "'big deal'" } } },
                    @else = new object[] { new { id = "noteSmall", type = "updateFields", values = new Dictionary<string, string> { ["notes"] = "'small deal'" } } },
                },
                new { id = "city", type = "updateFields", values = new Dictionary<string, string> { ["city"] = "'Shanghai'" } },
                new { id = "active", type = "updateFields", values = new Dictionary<string, string> { ["active"] = "true" } },
                new { id = "probability", type = "updateFields", values = new Dictionary<string, string> { ["probability"] = "50" } },
            },
        });
        workflow.EnsureSuccessStatusCode();
        var id = (await workflow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await api.PostAsync($"/t/bench/api/workflows/{id}/publish", null)).EnsureSuccessStatusCode();

        // Each round runs on new deals: on deals it already ran on, the field updates would change nothing.
        var first = 50_000;
        double? cold = null;
        var rounds = 0;
        while (rounds < MaxWarmUpRounds)
        {
            var deals = await CreateDealsAsync(api, first, records);
            first += records;
            var compiling = JitInfo.GetCompilationTime();
            var round = Stopwatch.StartNew();
            await RunAllAsync(api, id!, deals);
            var share = (JitInfo.GetCompilationTime() - compiling) / round.Elapsed;
            cold ??= records * Steps / round.Elapsed.TotalSeconds;
            rounds++;
            await Console.Error.WriteLineAsync($"workflows: warm-up round {rounds}: {records * Steps / round.Elapsed.TotalSeconds:F0} steps/s, {share:P1} of it compiling ({provider})");
            if (share < SettledJitShare)
            {
                break;
            }
        }

        var ids = await CreateDealsAsync(api, first, records);
        await Console.Error.WriteLineAsync($"workflows: starting {records} runs ({provider})");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RunAllAsync(api, id!, ids);
        var elapsed = clock.Elapsed;
        var cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (records * Steps);
        var faulted = await AnyAsync(api, "faulted") ? " (some runs faulted)" : string.Empty;

        // On a shared machine the wall clock follows the load; the process's CPU time per step (the database server's
        // own time not included) says what a step costs this process.
        return
        [
            [$"workflows: 5-step runs on {records} records, {provider}", $"{records * Steps / elapsed.TotalSeconds:F0} steps/s{faulted}, {cpuPerStep:F2} ms CPU/step, after {rounds} warm-up rounds", "-", "-", ">= 500 steps/s"],
            [$"workflows: the same in a new process (first round), {provider}", $"{cold:F0} steps/s", "-", "-", "-"],
        ];
    }

    private static async Task<List<string>> CreateDealsAsync(HttpClient api, int first, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(first + i).AsPayload());
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        return ids;
    }

    /// <summary>Starts the workflow on the records, a thousand per request, and waits until no run is pending.</summary>
    private static async Task RunAllAsync(HttpClient api, string workflowId, List<string> ids)
    {
        foreach (var chunk in ids.Chunk(1000))
        {
            (await api.PostAsJsonAsync($"/t/bench/api/workflows/{workflowId}/run", new { recordIds = chunk })).EnsureSuccessStatusCode();
        }

        while (await AnyAsync(api, "pending"))
        {
            await Task.Delay(50);
        }
    }

    private static async Task<bool> AnyAsync(HttpClient api, string status) =>
        (await api.GetFromJsonAsync<JsonElement>($"/t/bench/api/workflows/runs?status={status}&take=1")).GetArrayLength() > 0;
}
