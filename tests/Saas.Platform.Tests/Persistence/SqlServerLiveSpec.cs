using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Persistence;

/// <summary>
/// Against a real SQL Server when <c>SAAS_TEST_SQLSERVER</c> holds a connection string (none can run on the CI machines):
/// the platform migrates a fresh database, creates a shared and a dedicated tenant, and keeps them apart.
/// </summary>
public sealed class SqlServerLiveSpec
{
    [Fact]
    public async Task Migrates_and_serves_tenants_on_a_live_sql_server()
    {
        var server = Environment.GetEnvironmentVariable("SAAS_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
        {
            Assert.Skip("SAAS_TEST_SQLSERVER is not set: no SQL Server to test against.");
        }

        var database = $"saas_test_{Guid.NewGuid().ToString("N")[..12]}";
        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        try
        {
            await CreateTwoTenantsAndCheckTheyAreApartAsync(connectionString);
        }
        finally
        {
            await DropAsync(server, database, $"{database}_live_dedicated");
        }
    }

    private static async Task CreateTwoTenantsAndCheckTheyAreApartAsync(string connectionString)
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("ConnectionStrings:Platform", connectionString);
            builder.UseSetting("Platform:OperatorApiKey", PlatformApp.OperatorKey);
        });
        var operatorClient = app.CreateClient();
        operatorClient.DefaultRequestHeaders.Add("X-Api-Key", PlatformApp.OperatorKey);

        var shared = await operatorClient.PostAsJsonAsync("/api/tenants", new { identifier = "live-shared", name = "Shared", isolation = "shared" }, TestContext.Current.CancellationToken);
        var dedicated = await operatorClient.PostAsJsonAsync("/api/tenants", new { identifier = "live-dedicated", name = "Dedicated", isolation = "dedicated" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        Assert.Equal(HttpStatusCode.Created, dedicated.StatusCode);
        var sharedKey = (await shared.Content.ReadFromJsonAsync<CreatedTenantResponse>(TestContext.Current.CancellationToken))!.ApiKey.Secret;
        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.Add("X-Api-Key", sharedKey);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/t/live-shared/api/audit", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/t/live-dedicated/api/audit", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static async Task DropAsync(string server, params string[] databases)
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(server);
        await connection.OpenAsync();
        foreach (var database in databases)
        {
            await using var drop = new SqlCommand(
                """
                DECLARE @drop nvarchar(max) = N'ALTER DATABASE ' + QUOTENAME(@name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@name);
                IF DB_ID(@name) IS NOT NULL EXEC sp_executesql @drop;
                """,
                connection);
            drop.Parameters.AddWithValue("@name", database);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
