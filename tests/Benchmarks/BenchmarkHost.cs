using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Saas.Benchmarks;

/// <summary>The real web host, in process, on a fresh database of the given provider; an operator key and a tenant of its own.</summary>
internal sealed class BenchmarkHost(string provider, string connectionString, string dataDirectory) : WebApplicationFactory<Program>
{
    private const string OperatorKey = "benchmark-operator-key";

    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(WebProjectFolder());
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Platform", connectionString);
        builder.UseSetting("Platform:DataDirectory", dataDirectory);
        builder.UseSetting("Platform:OperatorApiKey", OperatorKey);
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(dataDirectory, "mail"));
        builder.UseSetting("RateLimits:PermitsPerMinute", "1000000");
        builder.UseSetting("RateLimits:ClientPermitsPerMinute", "1000000");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>The web host's own folder (its appsettings), found from the repository root above this program.</summary>
    private static string WebProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Saas.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository."), "src", "Platform", "Saas.Platform.Web");
    }

    /// <summary>Creates a tenant and answers a client carrying its admin key.</summary>
    public async Task<HttpClient> NewTenantAsync(string identifier)
    {
        var admin = CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        var created = await admin.PostAsJsonAsync("/api/tenants", new { identifier, name = identifier });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("secret").GetString()!;
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
