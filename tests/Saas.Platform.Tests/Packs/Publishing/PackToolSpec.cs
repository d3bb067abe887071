using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>The pack tool's commands, run in process: validate, keygen, pack, sign and publish to a real host.</summary>
public abstract class PackToolSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ShippedPacks() =>
        [.. Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "Verticals")).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ShippedPacks))]
    public async Task Every_shipped_pack_validates(string pack)
    {
        var (code, output, error) = await RunAsync("validate", Path.Combine(AppContext.BaseDirectory, "Verticals", pack));
        Assert.True(code == 0, error);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_pack_fails_with_file_path_and_reason_lines()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures");
        var (code, _, error) = await RunAsync("validate", Path.Combine(fixtures, "broken_refs"), "--catalog", Path.Combine(AppContext.BaseDirectory, "Verticals"));
        Assert.Equal(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches("^[^:]+: [^:]*: .+", line));

        var (packCode, _, packError) = await RunAsync("pack", Path.Combine(fixtures, "broken_refs"), "-o", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.zip"),
            "--catalog", Path.Combine(AppContext.BaseDirectory, "Verticals"));
        Assert.Equal(1, packCode);
        Assert.Equal(error, packError);

        Assert.Equal(2, (await RunAsync("frobnicate")).Code);
    }

    [Fact]
    public async Task Keygen_pack_sign_and_publish_make_an_upload_the_server_accepts()
    {
        var publisher = await app.PublisherAsync();
        var work = Path.Combine(Path.GetTempPath(), "saas-tests", "tool", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var key = Path.Combine(work, "key.pem");
        Assert.Equal(0, (await RunAsync("keygen", "-o", key)).Code);
        var publicKey = await File.ReadAllTextAsync(Path.Combine(work, "key.pub.pem"), Ct);
        (await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "tool", publicKey }, Ct)).EnsureSuccessStatusCode();

        var zip = Path.Combine(work, "pack.zip");
        var folder = PublishingFixtures.PackFolder(publisher.Id);
        var packed = await RunAsync("pack", folder, "-o", zip, "--catalog", Path.Combine(AppContext.BaseDirectory, "Verticals"));
        Assert.True(packed.Code == 0, packed.Error);
        Assert.Equal(0, (await RunAsync("sign", zip, "--key", key)).Code);
        var token = publisher.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        var published = await RunAsync("publish", zip, "--url", app.Server.BaseAddress.ToString(), "--token", token);
        Assert.True(published.Code == 0, published.Error);
        Assert.Contains($"{publisher.Id}_stamps 1.0.0: submitted", published.Output, StringComparison.Ordinal);
        var uploads = (await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/packs", Ct))!;
        Assert.Equal("submitted", Assert.Single(uploads)!["state"]!.GetValue<string>());

        // The server's refusal comes back as lines and a non-zero exit: the same version again.
        var again = await RunAsync("publish", zip, "--url", app.Server.BaseAddress.ToString(), "--token", token);
        Assert.Equal(1, again.Code);
        Assert.Contains($"{(int)HttpStatusCode.Conflict} Version exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_server_publishes_with_the_publishers_API_key()
    {
        var publisher = await app.PublisherAsync();
        var created = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", new { name = "ci" }, Ct);
        var apiKey = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["secret"]!.GetValue<string>();
        var work = Path.Combine(Path.GetTempPath(), "saas-tests", "tool", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var (key, zip) = (Path.Combine(work, "key.pem"), Path.Combine(work, "pack.zip"));
        await File.WriteAllTextAsync(key, publisher.PrivateKeyPem, Ct);
        Assert.Equal(0, (await RunAsync("pack", PublishingFixtures.PackFolder(publisher.Id), "-o", zip, "--catalog", Path.Combine(AppContext.BaseDirectory, "Verticals"))).Code);
        Assert.Equal(0, (await RunAsync("sign", zip, "--key", key)).Code);

        var published = await RunAsync("publish", zip, "--server", app.Server.BaseAddress.ToString(), "--key", apiKey);
        Assert.True(published.Code == 0, published.Error);
        Assert.Contains($"{publisher.Id}_stamps 1.0.0: submitted", published.Output, StringComparison.Ordinal);

        var wrong = await RunAsync("publish", zip, "--server", app.Server.BaseAddress.ToString(), "--key", "saaspub_not-a-key");
        Assert.Equal(1, wrong.Code);
        Assert.Contains("401", wrong.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Saas.PackTool.PackTool.RunAsync(args, output, error, app.Server.CreateHandler(), Ct);
        return (code, output.ToString(), error.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PackToolOnSqlite(SqliteApp app) : PackToolSpec(app);
