using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>The real web host on a loopback Kestrel port (a browser cannot reach a TestServer), on SQLite in a temporary folder.</summary>
public sealed partial class StaffApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OperatorKey = "browser-operator-key";
    public const string Password = "Correct-horse-42";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "saas-browser-tests", Guid.NewGuid().ToString("N"));

    public StaffApp() => UseKestrel(0);

    /// <summary>The address the browser opens, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = default!;

    private string MailDirectory => Path.Combine(dataDirectory, "mail");

    public ValueTask InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Platform", $"Data Source={Path.Combine(dataDirectory, "platform.db")}");
        builder.UseSetting("Platform:DataDirectory", dataDirectory);
        builder.UseSetting("Platform:OperatorApiKey", OperatorKey);
        builder.UseSetting("Mail:PickupDirectory", MailDirectory);
        builder.UseSetting("RateLimits:PermitsPerMinute", "100000");
        builder.UseSetting("RateLimits:ClientPermitsPerMinute", "100000");
        builder.UseSetting("StaffApp:RefreshInterval", "00:00:01");
        builder.UseSetting("StaffApp:ListCountLimit", "2"); // so a list of three shows a count that stopped: "2+"
        builder.UseUrls("http://127.0.0.1:0");
    }

    public HttpClient Api(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>A new shared tenant (with the packs named, at their latest versions) and its first admin key.</summary>
    public async Task<(string Identifier, string Key)> CreateTenantAsync(string prefix, params string[] packs)
    {
        var identifier = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var response = await Api(OperatorKey).PostAsJsonAsync("/api/tenants", new { identifier, name = $"Tenant {identifier}", isolation = "shared", packs });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (identifier, created.GetProperty("apiKey").GetProperty("secret").GetString()!);
    }

    /// <summary>
    /// Invites a person with a role and accepts the invitation from the mail the host wrote; answers the email. Given an
    /// email that has an account already (the same password), the person becomes a member of one more tenant.
    /// </summary>
    public async Task<string> AddMemberAsync(string tenant, string adminKey, string role, string? existingEmail = null)
    {
        var email = existingEmail ?? $"{role}-{Guid.NewGuid():N}@example.com";
        var earlier = MailFiles();
        (await Api(adminKey).PostAsJsonAsync($"/t/{tenant}/api/invitations", new { email, role })).EnsureSuccessStatusCode();
        var token = await TokenFromMailAsync(email, earlier);
        (await Api().PostAsJsonAsync("/api/invitations/accept", new { token, password = Password, displayName = email })).EnsureSuccessStatusCode();
        return email;
    }

    private HashSet<string> MailFiles() =>
        Directory.Exists(MailDirectory) ? [.. Directory.GetFiles(MailDirectory, "*.eml")] : [];

    private async Task<string> TokenFromMailAsync(string email, HashSet<string> earlier)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var body = MailFiles().Where(p => !earlier.Contains(p)).Select(p => MimeMessage.Load(p))
                .Where(m => m.To.Mailboxes.Any(to => to.Address == email)).Select(m => m.TextBody)
                .FirstOrDefault(text => text is not null && InvitationToken().IsMatch(text));
            if (body is not null)
            {
                return InvitationToken().Match(body).Groups["token"].Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No invitation reached {email}.");
    }

    [GeneratedRegex("accept\\?token=(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex InvitationToken();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
