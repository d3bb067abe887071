using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;

namespace Saas.Platform.Tests.Infrastructure;

/// <summary>The platform on a clock that stands still until a test moves it, so values computed from now() are known exactly.</summary>
public abstract class ClockedApp : PlatformApp
{
    protected ClockedApp(DatabaseProvider provider)
        : base(provider)
    {
    }

    /// <summary>The same app after a restart: a new host on <paramref name="earlier"/>'s database, its clock where the earlier one stood.</summary>
    protected ClockedApp(ClockedApp earlier)
        : base(earlier)
    {
        Clock.Advance(earlier.Clock.GetUtcNow() - Clock.GetUtcNow());
    }

    public ManualClock Clock { get; } = new();

    /// <summary>A new host on this app's database, as after a restart; dispose this one first, with <see cref="PlatformApp.KeepsData"/> set.</summary>
    public abstract ClockedApp Restarted();

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

public sealed class ClockedSqliteApp : ClockedApp
{
    public ClockedSqliteApp()
        : base(DatabaseProvider.Sqlite)
    {
    }

    private ClockedSqliteApp(ClockedApp earlier)
        : base(earlier)
    {
    }

    public override ClockedApp Restarted() => new ClockedSqliteApp(this);
}

public sealed class ClockedPostgresApp : ClockedApp
{
    public ClockedPostgresApp()
        : base(DatabaseProvider.PostgreSql)
    {
    }

    private ClockedPostgresApp(ClockedApp earlier)
        : base(earlier)
    {
    }

    public override ClockedApp Restarted() => new ClockedPostgresApp(this);
}

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
