using System.ComponentModel.DataAnnotations;

namespace Saas.Platform.Persistence;

/// <summary>The database engines the platform runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>Configuration section <c>Database</c>; the connection string is <c>ConnectionStrings:Platform</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Connection string of a dedicated tenant's database, with <c>{tenant}</c> standing for its identifier.
    /// When empty, the platform database's connection string is reused with the database name suffixed by the identifier
    /// (SQLite: a file per tenant under the data folder).
    /// </summary>
    public string? DedicatedConnectionTemplate { get; set; }
}

/// <summary>Configuration section <c>Platform</c>.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Folder for the embedded database and development credentials; default <c>App_Data</c> under the content root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The operator's API key. When unset in Development one is generated, kept in the data folder and logged.</summary>
    public string? OperatorApiKey { get; set; }

    /// <summary>Create the <c>demo</c> tenant at start-up when missing; on by default in Development.</summary>
    public bool? SeedDemoTenant { get; set; }
}
