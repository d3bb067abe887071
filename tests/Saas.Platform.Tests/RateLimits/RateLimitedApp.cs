using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.RateLimits;

/// <summary>The platform with quotas small enough to use up in a test, on a clock that moves only when a test moves it.</summary>
public sealed class RateLimitedApp() : PlatformApp(DatabaseProvider.Sqlite)
{
    public const int PermitsPerMinute = 5;
    public const string RoomyTenant = "roomy";
    public const int RoomyPermitsPerMinute = 8;

    // The operator's calls that create each test's tenants count here too.
    public const int ClientPermitsPerMinute = 30;

    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:PermitsPerMinute", PermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting($"RateLimits:Tenants:{RoomyTenant}", RoomyPermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:ClientPermitsPerMinute", ClientPermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Rate limits do not depend on the database, so one provider is enough.</summary>
[CollectionDefinition(Name)]
public sealed class RateLimitedOnSqlite : ICollectionFixture<RateLimitedApp>
{
    public const string Name = "Rate-limited SQLite";
}
