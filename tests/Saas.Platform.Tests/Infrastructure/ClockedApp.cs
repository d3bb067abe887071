using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;

namespace Saas.Platform.Tests.Infrastructure;

/// <summary>The platform on a clock that stands still until a test moves it, so values computed from now() are known exactly.</summary>
public abstract class ClockedApp(DatabaseProvider provider) : PlatformApp(provider)
{
    public ManualClock Clock { get; } = new();

    /// <summary>The clock's time as records store it: whole milliseconds.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = Clock.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ClockedSqliteApp() : ClockedApp(DatabaseProvider.Sqlite);

public sealed class ClockedPostgresApp() : ClockedApp(DatabaseProvider.PostgreSql);

[CollectionDefinition(Name)]
public sealed class ClockedOnSqlite : ICollectionFixture<ClockedSqliteApp>
{
    public const string Name = "SQLite, clocked";
}

[CollectionDefinition(Name)]
public sealed class ClockedOnPostgres : ICollectionFixture<ClockedPostgresApp>
{
    public const string Name = "PostgreSQL, clocked";
}
