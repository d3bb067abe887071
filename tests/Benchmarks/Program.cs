using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Saas.Benchmarks;

// Measures the metadata-driven record core against a hand-written typed table and prints a table of figures.
// Usage: dotnet run -c Release --project tests/Benchmarks -- [creates] [providers] [bulk] [runs] [query records]
//   creates: single creates to time per side (default 2000); providers: sqlite,postgres (default both);
//   bulk: records of the bulk import (default 100000); runs: records a 5-step workflow runs on (default 1000);
//   query records: records in the tenant the filtered query runs in (default 1000000; 0 leaves the query out).
// PostgreSQL comes from SAAS_TEST_POSTGRES or the local server infra/scripts/start-postgres.sh starts; with
// SAAS_BENCH_KEEP=1 its database is kept afterwards, to look at query plans.
// SAAS_BENCH_ONLY=creates,field,bulk,workflows,queries,restart runs only the named parts (default all of them):
// workflows is the steps-per-second row, restart the time from a restart to resumed runs.
internal static class BenchmarkProgram
{
    /// <summary>Creates per warm-up round of (b).</summary>
    private const int WarmUpCreates = 500;

    public static async Task Main(string[] args)
    {
        var creates = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var providers = args.Length > 1 ? args[1].Split(',') : ["sqlite", "postgres"];
        var bulk = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var runs = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var queryRecords = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var rows = new List<string[]>();

        foreach (var provider in providers)
        {
            var (name, connectionString, cleanup) = await DatabaseAsync(provider);
            try
            {
                rows.AddRange(await MeasureAsync(name, connectionString, creates, bulk, runs, queryRecords));
                if (Runs("restart"))
                {
                    rows.Add(await RestartBench.MeasureAsync(name, connectionString, Math.Min(runs, 500)));
                }
            }
            finally
            {
                await cleanup();
            }
        }

        Print(rows);
    }

    private static async Task<IEnumerable<string[]>> MeasureAsync(string provider, string connectionString, int creates, int bulk, int runs, int queryRecords)
    {
        var folder = Path.Combine(Path.GetTempPath(), "saas-bench", Guid.NewGuid().ToString("N"));
        await using var host = new BenchmarkHost(provider, connectionString, folder);
        var api = await host.NewTenantAsync("bench");
        (await api.PostAsJsonAsync("/t/bench/api/metadata/entities", Deals.Entity)).EnsureSuccessStatusCode();
        var tenantId = Guid.NewGuid();
        await using var typed = new TypedTable(provider, connectionString);
        await typed.CreateAsync();

        var measured = new List<string[]>();

        // (b) single creates through HTTP against single-row transactions on the typed table; both warmed up first,
        // until the JIT compiler is settled. The first warm-up round is reported too: a process that just started.
        if (Runs("creates"))
        {
            var cold = Array.Empty<double>();
            var warmUp = await JitWarmUp.RunAsync($"creates ({provider})", async round =>
            {
                var first = 100_000 + (round * WarmUpCreates);
                var times = await TimeEachAsync(WarmUpCreates, async i => (await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(first + i).AsPayload())).EnsureSuccessStatusCode());
                cold = round == 0 ? times : cold;
                for (var i = 0; i < WarmUpCreates; i++)
                {
                    await typed.InsertAsync(tenantId, first + i);
                }
            });

            var pipeline = await TimeEachAsync(creates, async _ => (await api.GetAsync("/t/bench/api/tenant")).EnsureSuccessStatusCode());
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var ours = await TimeEachAsync(creates, async i => (await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(i).AsPayload())).EnsureSuccessStatusCode());
            var oursCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / creates;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var theirs = await TimeEachAsync(creates, i => typed.InsertAsync(tenantId, i));
            var theirsCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / creates;
            measured.Add([$"(ref) tenant GET through the same pipeline p50, {provider}", $"{Percentile(pipeline, 50):F2} ms", "-", "-", "-"]);
            measured.Add(Row($"(b) single create p50, {provider}", Percentile(ours, 50), Percentile(theirs, 50), "p95 <= 10 ms"));
            measured.Add(Row($"(b) single create p95, {provider}", Percentile(ours, 95), Percentile(theirs, 95), "p95 <= 10 ms"));
            measured.Add([$"(b) single create p95 in the first warm-up round ({WarmUpCreates} creates), {provider}", $"{Percentile(cold, 95):F2} ms", "-", "-", $"{warmUp} warm-up rounds"]);

            // Less sensitive to other work on the machine than the wall-clock times: this process's CPU time per create
            // (the database's own work is in it on SQLite, in another process on PostgreSQL).
            measured.Add(Row($"(b) single create, CPU of this process per create, {provider}", oursCpu, theirsCpu, "-"));
        }

        // (d) adding a field to the entity that now holds the records, against ALTER TABLE ADD COLUMN.
        if (Runs("field"))
        {
            var addField = await TimeEachAsync(5, async i => (await api.PostAsJsonAsync("/t/bench/api/metadata/entities/deal/fields",
                new { apiName = $"extra{i}", label = new { en = $"Extra {i}" }, type = "text" })).EnsureSuccessStatusCode());
            var addColumn = await TimeEachAsync(5, _ => typed.AddColumnAsync());
            measured.Add(Row($"(d) add a field (median of 5), {provider}", Percentile(addField, 50), Percentile(addColumn, 50), "<= 100 ms"));
        }

        // (a) a bulk import of new records into an empty entity, from the upload to the job's end, against batched
        // INSERTs into an empty typed table; both write in transactions of 1,000 rows.
        if (Runs("bulk"))
        {
            (await api.PostAsJsonAsync("/t/bench/api/metadata/entities", Deals.Named("bulkDeal"))).EnsureSuccessStatusCode();
            var (imported, importSeconds) = await ImportAsync(api, "/t/bench/api/data/bulkDeal/bulk", bulk);
            await using var typedBulk = new TypedTable(provider, connectionString, "bench_bulk");
            await typedBulk.CreateAsync();
            var clock = Stopwatch.StartNew();
            await typedBulk.InsertManyAsync(tenantId, bulk, 1000);
            var typedSeconds = clock.Elapsed.TotalSeconds;
            measured.Insert(0, [$"(a) bulk import of {bulk:N0} records, {provider}", $"{imported / importSeconds:N0} records/s", $"{bulk / typedSeconds:N0} records/s",
                $"{imported / importSeconds / (bulk / typedSeconds):P0} of typed", ">= 10,000/s (SQLite), >= 1/3 of typed"]);
        }

        if (Runs("workflows"))
        {
            measured.AddRange(await WorkflowBench.MeasureAsync(api, provider, runs));
        }

        if (queryRecords > 0 && Runs("queries"))
        {
            measured.AddRange(await QueryBench.MeasureAsync(host, provider, connectionString, queryRecords));
        }

        return measured;
    }

    /// <summary>Whether SAAS_BENCH_ONLY (a comma-separated list of parts) names the part, or is unset.</summary>
    private static bool Runs(string part) =>
        Environment.GetEnvironmentVariable("SAAS_BENCH_ONLY") is not { Length: > 0 } only
        || only.Split(',', StringSplitOptions.TrimEntries).Contains(part, StringComparer.OrdinalIgnoreCase);

    /// <summary>Uploads <paramref name="count"/> deals as NDJSON to a bulk route and waits for the job: the records it created and the seconds it took.</summary>
    public static async Task<(int Created, double Seconds)> ImportAsync(HttpClient api, string bulkPath, int count)
    {
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            body.Append(JsonSerializer.Serialize(SampleRow.For(i).AsPayload())).Append('\n');
        }

        var clock = Stopwatch.StartNew();
        using var upload = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson");
        var started = await api.PostAsync(bulkPath, upload);
        started.EnsureSuccessStatusCode();
        while (true)
        {
            var job = await api.GetFromJsonAsync<JsonElement>(started.Headers.Location);
            var status = job.GetProperty("status").GetString();
            if (status is "completed" or "failed")
            {
                var seconds = clock.Elapsed.TotalSeconds;
                if (status == "failed" || job.GetProperty("failed").GetInt32() > 0)
                {
                    throw new InvalidOperationException($"The bulk import did not go through: {job}");
                }

                return (job.GetProperty("created").GetInt32(), seconds);
            }

            await Task.Delay(100);
        }
    }

    private static async Task<double[]> TimeEachAsync(int count, Func<int, Task> action)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await action(1000 + i);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        return times;
    }

    public static double Percentile(double[] values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string[] Row(string measure, double ours, double? typed, string target) =>
        [measure, $"{ours:F2} ms", typed is { } t ? $"{t:F2} ms" : "-", typed is { } d ? Ratio(ours / d) : "-", target];

    /// <summary>One decimal, or two significant digits below 0.1, so a far faster side does not read "0.0x".</summary>
    private static string Ratio(double ratio) => ratio >= 0.1 ? $"{ratio:F1}x" : $"{ratio:G2}x";

    private static void Print(List<string[]> rows)
    {
        string[] header = ["measure", "ours", "typed table", "ratio", "target"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        rows.ForEach(r => Console.WriteLine(Line(r)));
    }

    private static async Task<(string Provider, string ConnectionString, Func<Task> Cleanup)> DatabaseAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"saas-bench-{Guid.NewGuid():N}.db");
            return ("Sqlite", $"Data Source={file}", () =>
            {
                SqliteConnection.ClearAllPools();
                if (Environment.GetEnvironmentVariable("SAAS_BENCH_KEEP") is { Length: > 0 })
                {
                    Console.WriteLine($"Kept the database {file} (SAAS_BENCH_KEEP).");
                    return Task.CompletedTask;
                }

                foreach (var path in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
                {
                    File.Delete(path);
                }

                return Task.CompletedTask;
            });
        }

        var admin = Environment.GetEnvironmentVariable("SAAS_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Username=saas;Password=saas;Database=postgres";
        var database = $"saas_bench_{Guid.NewGuid():N}"[..24];
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        return ("PostgreSql", connectionString, async () =>
        {
            if (Environment.GetEnvironmentVariable("SAAS_BENCH_KEEP") is { Length: > 0 })
            {
                Console.WriteLine($"Kept the database {database} (SAAS_BENCH_KEEP).");
                return;
            }

            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            try
            {
                await drop.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                // An autovacuum worker of a freshly loaded database cannot be ended by a non-superuser; the figures still count.
                Console.WriteLine($"Could not drop the database {database}: {ex.MessageText}");
            }
        });
    }
}
