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
                builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(migrationsAssembly).MigrationsHistoryTable(historyTable));
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
