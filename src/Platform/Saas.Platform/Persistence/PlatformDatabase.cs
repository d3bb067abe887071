using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Saas.Platform.Persistence;

/// <summary>Knows the configured provider and connection strings, and configures every DbContext the same way.</summary>
internal sealed class PlatformDatabase
{
    public const string CatalogHistoryTable = "__CatalogMigrations";
    public const string TenantHistoryTable = "__TenantMigrations";

    private const int AutoPreparedStatements = 64;

    private readonly DatabaseOptions options;

    public PlatformDatabase(IOptions<DatabaseOptions> options, IOptions<PlatformOptions> platform, IConfiguration configuration, IHostEnvironment environment)
    {
        this.options = options.Value;
        DataDirectory = Path.GetFullPath(platform.Value.DataDirectory ?? Path.Combine(environment.ContentRootPath, "App_Data"));
        var configured = configuration.GetConnectionString("Platform");
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"ConnectionStrings:Platform is required for the {Provider} provider.");
            }

            configured = $"Data Source={Path.Combine(DataDirectory, "platform.db")}";
        }

        PlatformConnectionString = configured;
    }

    public DatabaseProvider Provider => options.Provider;

    public string DataDirectory { get; }

    public string PlatformConnectionString { get; }

    public void Configure(DbContextOptionsBuilder builder, string connectionString, string historyTable) =>
        Configure(builder, Provider, connectionString, historyTable);

    /// <summary>Provider, migrations assembly and history table: the same at run time and at design time.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString, string historyTable)
    {
        var migrationsAssembly = $"Saas.Platform.Migrations.{provider}";
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteFolder(connectionString);
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly(migrationsAssembly).MigrationsHistoryTable(historyTable));
                builder.AddInterceptors(SqlitePragmas.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(Tuned(connectionString), o => o.MigrationsAssembly(migrationsAssembly).MigrationsHistoryTable(historyTable));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(migrationsAssembly).MigrationsHistoryTable(historyTable));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }
    }

    /// <summary>The connection string of a new dedicated tenant's own database.</summary>
    public string DedicatedConnectionString(string identifier)
    {
        if (!string.IsNullOrWhiteSpace(options.DedicatedConnectionTemplate))
        {
            return options.DedicatedConnectionTemplate.Replace("{tenant}", identifier, StringComparison.Ordinal);
        }

        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                return $"Data Source={Path.Combine(DataDirectory, "tenants", identifier + ".db")}";
            case DatabaseProvider.PostgreSql:
                var pg = new NpgsqlConnectionStringBuilder(PlatformConnectionString);
                pg.Database = $"{pg.Database ?? "saas"}_{identifier.Replace('-', '_')}";
                return pg.ConnectionString;
            default:
                var sql = new SqlConnectionStringBuilder(PlatformConnectionString);
                sql.InitialCatalog = $"{(string.IsNullOrEmpty(sql.InitialCatalog) ? "saas" : sql.InitialCatalog)}_{identifier.Replace('-', '_')}";
                return sql.ConnectionString;
        }
    }

    /// <summary>
    /// Two Npgsql settings the platform's way of working makes safe and worth having:
    /// <list type="bullet">
    /// <item>EF Core sends the same few statements over and over: unless the connection string sets
    /// <c>Max Auto Prepare</c>, Npgsql prepares the most used ones on each pooled connection, so PostgreSQL stops
    /// parsing and planning them every time.</item>
    /// <item>The platform keeps no session state on a connection (the tenant setting lives only as long as its
    /// transaction, see <see cref="PostgresTenantSetting"/>), so a connection going back to the pool is not reset: the
    /// reset was a statement on every return, two per workflow step.</item>
    /// </list>
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        return builder.ConnectionString;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder) && file != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
