using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Tests.Infrastructure;

/// <summary>The real web host on a database of its own: SQLite in a temporary folder, or a throwaway PostgreSQL database.</summary>
public abstract class PlatformApp(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OperatorKey = "test-operator-key";
    public const string BaseDomain = "crm.test";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "saas-tests", Guid.NewGuid().ToString("N"));
    private string? connectionString;

    /// <summary>A host on the database and data folder of <paramref name="earlier"/>, as the same app after a restart.</summary>
    protected PlatformApp(PlatformApp earlier)
        : this(earlier.Provider)
    {
        dataDirectory = earlier.dataDirectory;
        connectionString = earlier.ConnectionString;
    }

    /// <summary>When true, disposing leaves the database and data folder for a host that takes over from this one.</summary>
    public bool KeepsData { get; set; }

    public DatabaseProvider Provider => provider;

    public string ConnectionString => connectionString ?? throw new InvalidOperationException("The app is not initialized.");

    public virtual async ValueTask InitializeAsync()
    {
        connectionString ??= provider switch
        {
            DatabaseProvider.Sqlite => $"Data Source={Path.Combine(dataDirectory, "platform.db")}",
            DatabaseProvider.PostgreSql => await PostgresServer.CreateDatabaseNameAsync(),
            _ => throw new NotSupportedException(provider.ToString()),
        };
        _ = Server; // start the host: migrations run now
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:Platform", ConnectionString);
        builder.UseSetting("Platform:DataDirectory", dataDirectory);
        builder.UseSetting("Platform:OperatorApiKey", OperatorKey);
        builder.UseSetting("Tenancy:BaseDomain", BaseDomain);
        builder.UseSetting("Mail:PickupDirectory", MailDirectory);
        builder.UseSetting("Packs:CatalogPaths:0", Path.Combine(AppContext.BaseDirectory, "Verticals"));
        builder.UseSetting("Packs:CatalogPaths:1", Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures"));
        builder.UseSetting("Workflows:TimerInterval", "00:00:00.250"); // timed triggers fire soon after a test moves the clock
        builder.UseSetting("Workflows:Webhooks:AllowPrivateTargets", "true"); // webhook steps call a loopback server in tests
        builder.UseSetting("Workflows:Webhooks:AllowLoopbackHttp", "true");
        builder.UseSetting("Workflows:Webhooks:RetryDelay", "00:00:00.020");
        builder.UseSetting("Workflows:MaxForEachItems", "3"); // a bound a scenario can go over with a few records
        ConfigureQuotas(builder);
    }

    /// <summary>
    /// Every test of a shared host calls from one address, so the per-address quota would count the whole suite as one
    /// client and answer 429s once the suite runs fast; hosts that test the quotas themselves keep theirs.
    /// </summary>
    protected virtual void ConfigureQuotas(IWebHostBuilder builder) =>
        builder.UseSetting("RateLimits:ClientPermitsPerMinute", "100000");

    /// <summary>Where the host writes the mail it sends, one .eml file each.</summary>
    public string MailDirectory => Path.Combine(dataDirectory, "mail");

    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyLookup.Header, key);
        }

        return client;
    }

    public HttpClient Operator() => ClientWithKey(OperatorKey);

    /// <summary>Creates a tenant through the API and answers it with its first admin key.</summary>
    public async Task<(TenantResponse Tenant, string Key)> CreateTenantAsync(string prefix, string isolation = "shared")
    {
        var identifier = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var response = await Operator().PostAsJsonAsync("/api/tenants", new { identifier, name = $"Tenant {identifier}", isolation });
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedTenantResponse>())!;
        return (created.Tenant, created.ApiKey.Secret);
    }

    /// <summary>Runs <paramref name="work"/> in a new scope with <paramref name="tenant"/> current, as a request or job would.</summary>
    public async Task<T> InTenantAsync<T>(TenantInfo? tenant, Func<IServiceProvider, Task<T>> work)
    {
        using var current = tenant is null ? null : Services.GetRequiredService<ITenantSetter>().Begin(tenant);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task InTenantAsync(TenantInfo? tenant, Func<IServiceProvider, Task> work) =>
        InTenantAsync(tenant, async services =>
        {
            await work(services);
            return true;
        });

    public async Task<TenantInfo> TenantAsync(string identifier)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdentifierAsync(identifier, CancellationToken.None))!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (KeepsData)
        {
            GC.SuppressFinalize(this);
            return;
        }

        if (provider == DatabaseProvider.PostgreSql && connectionString is not null)
        {
            await PostgresServer.DropDatabasesAsync(connectionString);
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApp() : PlatformApp(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : PlatformApp(DatabaseProvider.PostgreSql);

[CollectionDefinition(Name)]
public sealed class OnSqlite : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite";
}

[CollectionDefinition(Name)]
public sealed class OnPostgres : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL";
}
