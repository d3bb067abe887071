using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.Data.SqlClient;
using Npgsql;
using Saas.Platform.Persistence;

namespace Saas.Platform.Jobs;

/// <summary>
/// Creates or upgrades Hangfire's tables after the platform database has been created by the migrations. Hangfire's
/// storages would otherwise do it in their constructors, which run while the endpoints are mapped: before migrations,
/// when a new database does not exist yet. Start-up runs it right after the migrations, before any start-up task
/// schedules a job.
/// </summary>
internal sealed class JobStorageInstaller(PlatformDatabase database)
{
    public const string PostgreSqlSchema = "hangfire";
    public const string SqlServerSchema = "HangFire";

    public async Task InstallAsync(CancellationToken cancellationToken)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                await using (var connection = new NpgsqlConnection(database.PlatformConnectionString))
                {
                    await connection.OpenAsync(cancellationToken);
                    PostgreSqlObjectsInstaller.Install(connection, PostgreSqlSchema);
                }

                break;
            case DatabaseProvider.SqlServer:
                await using (var connection = new SqlConnection(database.PlatformConnectionString))
                {
                    await connection.OpenAsync(cancellationToken);
                    SqlServerObjectsInstaller.Install(connection, SqlServerSchema, enableHeavyMigrations: true);
                }

                break;
        }
    }
}
