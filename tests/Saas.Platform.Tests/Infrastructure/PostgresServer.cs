using Npgsql;

namespace Saas.Platform.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: <c>SAAS_TEST_POSTGRES</c>, or the local server that
/// <c>infra/scripts/start-postgres.sh</c> starts. A missing server fails the tests that need it; they never skip.
/// </summary>
public static class PostgresServer
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SAAS_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Username=saas;Password=saas;Database=postgres";

    /// <summary>A connection string for a new, not yet created database (EF's migration creates it).</summary>
    public static async Task<string> CreateDatabaseNameAsync()
    {
        await EnsureReachableAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = $"saas_test_{Guid.NewGuid().ToString("N")[..12]}",
        }.ConnectionString;
    }

    /// <summary>Drops the database and every dedicated tenant database named after it.</summary>
    public static async Task DropDatabasesAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        var databases = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname = @name OR datname LIKE @prefix", connection))
        {
            list.Parameters.AddWithValue("name", name);
            list.Parameters.AddWithValue("prefix", name + "\\_%");
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                databases.Add(reader.GetString(0));
            }
        }

        foreach (var database in databases)
        {
            // An autovacuum worker busy in the database cannot be terminated by a non-superuser: wait for it a little.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    private static async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable ({ex.Message}). Run infra/scripts/start-postgres.sh or set SAAS_TEST_POSTGRES.", ex);
        }
    }
}
