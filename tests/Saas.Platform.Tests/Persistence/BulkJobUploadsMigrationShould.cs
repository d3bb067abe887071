using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using UUIDNext;

namespace Saas.Platform.Tests.Persistence;

/// <summary>
/// The migration that takes bulk uploads out of the job rows keeps the upload of every job still to run, on a database
/// that already holds jobs: PostgreSQL's row-level security must not hide them from the copy.
/// </summary>
public sealed class BulkJobUploadsMigrationShould
{
    private static readonly Guid Tenant = Uuid.NewSequential();

    [Fact]
    public async Task Keep_the_upload_of_a_queued_job_and_drop_a_finished_jobs_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"saas-migration-{Guid.NewGuid():N}.db");
        try
        {
            var moved = await MigrateWithJobsAsync(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false", "@tenant", "1");
            Assert.Equal(["{\"title\":\"queued\"}"], moved);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Keep_the_upload_of_a_queued_job_and_drop_a_finished_jobs_on_postgres()
    {
        var connectionString = await PostgresServer.CreateDatabaseNameAsync();
        try
        {
            var moved = await MigrateWithJobsAsync(DatabaseProvider.PostgreSql, connectionString, "set_config('app.tenant_id', @tenant, true)", "now()");
            Assert.Equal(["{\"title\":\"queued\"}"], moved);
        }
        finally
        {
            await PostgresServer.DropDatabasesAsync(connectionString);
        }
    }

    /// <summary>Migrates to the migration before, adds a queued and a completed job as the tenant, migrates on: the uploads the tenant then has.</summary>
    private static async Task<List<string>> MigrateWithJobsAsync(DatabaseProvider provider, string connectionString, string setTenant, string now)
    {
        await using var db = DesignTime.CreateTenant(provider, connectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("LiveRecordsIndex");

        await AsTenantAsync(db, setTenant, $$"""
            INSERT INTO "BulkJobs" ("Id", "TenantId", "EntityId", "Entity", "Mode", "Format", "Payload", "RequestHash", "CallerName", "CallerRole",
                "Status", "RowsTotal", "RowsRead", "Created", "Updated", "Failed", "CreatedAt")
            VALUES (@queued, @tenantId, @tenantId, 'deal', 'create', 'ndjson', '{"title":"queued"}', 'h1', 'ann', 'admin', 'queued', 1, 0, 0, 0, 0, {{now}}),
                   (@completed, @tenantId, @tenantId, 'deal', 'create', 'ndjson', '{"title":"done"}', 'h2', 'ann', 'admin', 'completed', 1, 1, 1, 0, 0, {{now}})
            """);
        await migrator.MigrateAsync();

        var payloads = new List<string>();
        await AsTenantAsync(db, setTenant, """SELECT "Payload" FROM "BulkJobUploads" ORDER BY "JobId" """, async reader =>
        {
            while (await reader.ReadAsync())
            {
                payloads.Add(reader.GetString(0));
            }
        });
        return payloads;
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction that first names the tenant (PostgreSQL's setting; SQLite just selects the value).</summary>
    private static async Task AsTenantAsync(TenantDbContext db, string setTenant, string sql, Func<DbDataReader, Task>? read = null)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var tenant = Command(connection, transaction, $"SELECT {setTenant}"))
            {
                await tenant.ExecuteScalarAsync();
            }

            await using (var command = Command(connection, transaction, sql))
            {
                await using var reader = await command.ExecuteReaderAsync();
                if (read is not null)
                {
                    await read(reader);
                }
            }

            await transaction.CommitAsync();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in new (string, object)[] { ("tenant", Tenant.ToString()), ("tenantId", Tenant), ("queued", Uuid.NewSequential()), ("completed", Uuid.NewSequential()) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
