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
// SAAS_BENCH_KEEP=1 its database is kept afterwards, to look at query plans. SAAS_BENCH_ONLY=workflows runs only the
// workflow rows (steps per second and restart to resumed runs); SAAS_BENCH_ONLY=steps only steps per second.
internal static class BenchmarkProgram
{
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
                if (Only is "workflows" or "steps")
                {
                    rows.Add(await WorkflowsOnlyAsync(name, connectionString, runs));
                }
                else
                {
                    rows.AddRange(await MeasureAsync(name, connectionString, creates, bulk, runs, queryRecords));
                }

                if (Only is null or "workflows")
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

    private static string? Only => Environment.GetEnvironmentVariable("SAAS_BENCH_ONLY") is { Length: > 0 } only ? only : null;

    /// <summary>Only the workflow engine's steps per second, in a fresh tenant with the benchmark's entity.</summary>
    private static async Task<string[]> WorkflowsOnlyAsync(string provider, string connectionString, int runs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "saas-bench", Guid.NewGuid().ToString("N"));
        await using var host = new BenchmarkHost(provider, connectionString, folder);
        var api = await host.NewTenantAsync("bench");
        (await api.PostAsJsonAsync("/t/bench/api/metadata/entities", Deals.Entity)).EnsureSuccessStatusCode();
        return await WorkflowBench.MeasureAsync(api, provider, runs);
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

        // (b) single creates through HTTP against single-row transactions on the typed table; both warmed up first.
        for (var i = 0; i < 100; i++)
        {
            (await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(i).AsPayload())).EnsureSuccessStatusCode();
            await typed.InsertAsync(tenantId, i);
        }

        var pipeline = await TimeEachAsync(creates, async _ => (await api.GetAsync("/t/bench/api/tenant")).EnsureSuccessStatusCode());
        var ours = await TimeEachAsync(creates, async i => (await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(i).AsPayload())).EnsureSuccessStatusCode());
        var theirs = await TimeEachAsync(creates, i => typed.InsertAsync(tenantId, i));

        // (d) adding a field to the entity that now holds the records, against ALTER TABLE ADD COLUMN.
        var addField = await TimeEachAsync(5, async i => (await api.PostAsJsonAsync("/t/bench/api/metadata/entities/deal/fields",
            new { apiName = $"extra{i}", label = new { en = $"Extra {i}" }, type = "text" })).EnsureSuccessStatusCode());
        var addColumn = await TimeEachAsync(5, _ => typed.AddColumnAsync());

        // (a) a bulk import of new records into an empty entity, from the upload to the job's end, against batched
        // INSERTs into an empty typed table; both write in transactions of 1,000 rows.
        (await api.PostAsJsonAsync("/t/bench/api/metadata/entities", Deals.Named("bulkDeal"))).EnsureSuccessStatusCode();
        var (imported, importSeconds) = await ImportAsync(api, "/t/bench/api/data/bulkDeal/bulk", bulk);
        await using var typedBulk = new TypedTable(provider, connectionString, "bench_bulk");
        await typedBulk.CreateAsync();
        var clock = Stopwatch.StartNew();
        await typedBulk.InsertManyAsync(tenantId, bulk, 1000);
        var typedSeconds = clock.Elapsed.TotalSeconds;
        var workflows = await WorkflowBench.MeasureAsync(api, provider, runs);
        var queries = queryRecords > 0 ? await QueryBench.MeasureAsync(host, provider, connectionString, queryRecords) : [];

        return
        [
            [$"(a) bulk import of {bulk:N0} records, {provider}", $"{imported / importSeconds:N0} records/s", $"{bulk / typedSeconds:N0} records/s",
                $"{imported / importSeconds / (bulk / typedSeconds):P0} of typed", ">= 10,000/s (SQLite), >= 1/3 of typed"],
            [$"(ref) tenant GET through the same pipeline p50, {provider}", $"{Percentile(pipeline, 50):F2} ms", "-", "-", "-"],
            Row($"(b) single create p50, {provider}", Percentile(ours, 50), Percentile(theirs, 50), "p95 <= 10 ms"),
            Row($"(b) single create p95, {provider}", Percentile(ours, 95), Percentile(theirs, 95), "p95 <= 10 ms"),
            Row($"(d) add a field (median of 5), {provider}", Percentile(addField, 50), Percentile(addColumn, 50), "<= 100 ms"),
            workflows,
            .. queries,
        ];
    }

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

    public static string[] Row(string measure, double ours, double typed, string target) =>
        [measure, $"{ours:F2} ms", $"{typed:F2} ms", $"{ours / typed:F1}x", target];

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
