using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using UUIDNext;

namespace Saas.Benchmarks;

/// <summary>
/// The comparison: a hand-written table with one typed column per field and five indexes, written with plain ADO.NET
/// in the same database. It is what a single-tenant CRM with fixed columns would do.
/// </summary>
internal sealed class TypedTable(string provider, string connectionString, string table = "bench_typed") : IAsyncDisposable
{
    private DbConnection? connection;
    private int extraColumns;

    public async Task CreateAsync()
    {
        connection = provider == "Sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (provider == "Sqlite")
        {
            await ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        }

        var (id, text, number, date, boolean) = provider == "Sqlite"
            ? ("TEXT", "TEXT", "NUMERIC", "TEXT", "INTEGER")
            : ("uuid", "text", "numeric(18,2)", "date", "boolean");
        await ExecuteAsync($"""
            CREATE TABLE {table} (id {id} PRIMARY KEY, tenant_id {id} NOT NULL, name {text}, email {text}, amount {number},
                close_date {date}, stage {text}, notes {text}, probability {number}, active {boolean}, phone {text}, city {text});
            CREATE INDEX ix_{table}_name ON {table} (tenant_id, name);
            CREATE INDEX ix_{table}_email ON {table} (tenant_id, email);
            CREATE INDEX ix_{table}_amount ON {table} (tenant_id, amount);
            CREATE INDEX ix_{table}_close ON {table} (tenant_id, close_date);
            CREATE INDEX ix_{table}_stage ON {table} (tenant_id, stage);
            """);
    }

    /// <summary>One row in its own transaction, as one API create is.</summary>
    public async Task InsertAsync(Guid tenant, int i)
    {
        await using var transaction = await connection!.BeginTransactionAsync();
        await using var command = InsertCommand(transaction);
        await InsertRowAsync(command, tenant, i);
        await transaction.CommitAsync();
    }

    /// <summary>
    /// The typed side of a bulk import: <paramref name="count"/> rows in transactions of <paramref name="batch"/>, one
    /// prepared INSERT reused for every row; the fastest plain ADO.NET does without provider-specific copy commands.
    /// </summary>
    public async Task InsertManyAsync(Guid tenant, int count, int batch)
    {
        for (var start = 0; start < count; start += batch)
        {
            await using var transaction = await connection!.BeginTransactionAsync();
            await using var command = InsertCommand(transaction);
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                Bind(command, tenant, i);
                if (i == start)
                {
                    // Prepared once its parameters exist (Npgsql cannot prepare before).
                    await command.PrepareAsync();
                }

                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
    }

    private DbCommand InsertCommand(DbTransaction transaction)
    {
        var command = connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {table} (id, tenant_id, name, email, amount, close_date, stage, notes, probability, active, phone, city)
            VALUES (@id, @tenant, @name, @email, @amount, @close, @stage, @notes, @probability, @active, @phone, @city)
            """;
        return command;
    }

    private async Task InsertRowAsync(DbCommand command, Guid tenant, int i)
    {
        Bind(command, tenant, i);
        await command.ExecuteNonQueryAsync();
    }

    private void Bind(DbCommand command, Guid tenant, int i)
    {
        var row = SampleRow.For(i);
        Add(command, "id", provider == "Sqlite" ? Uuid.NewSequential().ToString() : Uuid.NewSequential());
        Add(command, "tenant", Tenant(tenant));
        Add(command, "name", row.Name);
        Add(command, "email", row.Email);
        Add(command, "amount", row.Amount);
        Add(command, "close", provider == "Sqlite" ? row.CloseDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : row.CloseDate);
        Add(command, "stage", row.Stage);
        Add(command, "notes", row.Notes);
        Add(command, "probability", row.Probability);
        Add(command, "active", row.Active);
        Add(command, "phone", row.Phone);
        Add(command, "city", row.City);
    }

    /// <summary>Copies the tenant's rows with new ids until it holds <paramref name="count"/>, as the query benchmark does on the record core.</summary>
    public async Task GrowAsync(Guid tenant, int count)
    {
        var newId = provider == "Sqlite" ? "lower(hex(randomblob(16)))" : "gen_random_uuid()";
        var columns = "name, email, amount, close_date, stage, notes, probability, active, phone, city";
        for (var have = await CountAsync(tenant); have < count; have = await CountAsync(tenant))
        {
            await using var command = connection!.CreateCommand();
            command.CommandText = $"INSERT INTO {table} (id, tenant_id, {columns}) SELECT {newId}, tenant_id, {columns} FROM {table} WHERE tenant_id = @tenant LIMIT {Math.Min(have, count - have)}";
            Add(command, "tenant", Tenant(tenant));
            await command.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(provider == "Sqlite" ? "ANALYZE;" : $"VACUUM ANALYZE {table};");
    }

    /// <summary>The typed side of query (c): won deals above an amount, latest close date first, 50 of them.</summary>
    public async Task QueryAsync(Guid tenant, int amount)
    {
        await using var command = connection!.CreateCommand();
        command.CommandText = $"SELECT id, name, amount, close_date FROM {table} WHERE tenant_id = @tenant AND stage = 'won' AND amount > @amount ORDER BY close_date DESC, id LIMIT 50";
        Add(command, "tenant", Tenant(tenant));
        Add(command, "amount", amount);
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        if (rows != 50)
        {
            throw new InvalidOperationException($"The typed query found {rows} rows instead of 50.");
        }
    }

    private async Task<int> CountAsync(Guid tenant)
    {
        await using var command = connection!.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE tenant_id = @tenant";
        Add(command, "tenant", Tenant(tenant));
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private object Tenant(Guid tenant) => provider == "Sqlite" ? tenant.ToString() : tenant;

    public Task AddColumnAsync() => ExecuteAsync($"ALTER TABLE {table} ADD COLUMN extra_{++extraColumns} text");

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = connection!.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Sets a parameter, creating it on the command's first row only, so a prepared command is reused as it is.</summary>
    private static void Add(DbCommand command, string name, object value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value;
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The same ten values for both sides.</summary>
internal sealed record SampleRow(string Name, string Email, decimal Amount, DateOnly CloseDate, string Stage, string Notes, decimal Probability, bool Active, string Phone, string City)
{
    private static readonly string[] Stages = ["prospecting", "proposal", "won", "lost"];

    public static SampleRow For(int i) => new(
        $"Deal {i:D6}", $"buyer{i}@example.com", 1000 + (i % 9973), new DateOnly(2026, 1, 1).AddDays(i % 365), Stages[i % Stages.Length],
        $"Notes for deal {i}: 客户关系管理", (i % 100) / 100m, i % 2 == 0, $"+86 10 5555 {i % 10000:D4}", i % 3 == 0 ? "上海" : "Berlin");

    public object AsPayload() => new
    {
        title = Name, email = Email, amount = Amount, closeDate = CloseDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), stage = Stage,
        notes = Notes, probability = Probability, active = Active, phone = Phone, city = City,
    };
}
