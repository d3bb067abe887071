using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Packs.Publishing;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>A publisher account set up through the API: a person with the partner role, signed in, with a registered key.</summary>
public sealed record TestPublisher(string Id, HttpClient Client, string PrivateKeyPem, Guid KeyId, string TenantIdentifier, string TenantKey);

public static class PublishingFixtures
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new publisher (id = prefix, unique per call), its member signed in with a bearer token, and one registered key.</summary>
    public static async Task<TestPublisher> PublisherAsync(this PlatformApp app)
    {
        var id = $"z{Guid.NewGuid():N}"[..8];
        var (tenant, key) = await app.CreateTenantAsync($"pub-{id}");
        var person = await app.AddMemberAsync(tenant.Identifier, key, $"{id}@example.com", TenantRoles.Staff);
        (await app.Operator().PostAsJsonAsync($"/api/platform/roles/{PlatformClaims.PublisherRole}/people", new { email = person.Email }, Ct)).EnsureSuccessStatusCode();
        (await app.Operator().PostAsJsonAsync("/api/catalog/publishers", new { id, displayName = $"Publisher {id}" }, Ct)).EnsureSuccessStatusCode();
        (await app.Operator().PostAsJsonAsync($"/api/catalog/publishers/{id}/members", new { email = person.Email }, Ct)).EnsureSuccessStatusCode();
        var client = await app.SignedInAsync(person.Email);
        var (privateKey, publicKey) = PackSignature.NewKeyPair();
        var registered = await client.PostAsJsonAsync($"/api/catalog/publishers/{id}/keys", new { name = "laptop", publicKey }, Ct);
        registered.EnsureSuccessStatusCode();
        var keyId = (await registered.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<Guid>();
        return new TestPublisher(id, client, privateKey, keyId, tenant.Identifier, key);
    }

    /// <summary>
    /// The files of the acme_stamps fixture pack rewritten for <paramref name="publisher"/> (id, publisher and prefix
    /// all become the publisher's id), at <paramref name="version"/>, in a new temporary folder.
    /// </summary>
    public static string PackFolder(string publisher, string version = "1.0.0")
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures", "acme_stamps");
        var target = Path.Combine(Path.GetTempPath(), "saas-tests", "packs", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.Combine(target, Path.GetRelativePath(source, file).Replace("acme", publisher, StringComparison.Ordinal));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = File.ReadAllText(file).Replace("acme", publisher, StringComparison.Ordinal);
            File.WriteAllText(path, path.EndsWith("pack.yaml", StringComparison.Ordinal) ? text.Replace("version: 1.0.0", $"version: {version}", StringComparison.Ordinal) : text);
        }

        return target;
    }

    /// <summary>Version <paramref name="version"/> of a versioned fixture pack (<c>acme_upgrade/1.1.0</c>) rewritten for <paramref name="publisher"/>, in a new temporary folder.</summary>
    public static string VersionFolder(string publisher, string fixture, string version)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Packs", "Fixtures", fixture, version);
        var target = Path.Combine(Path.GetTempPath(), "saas-tests", "packs", Guid.NewGuid().ToString("N"), fixture.Replace("acme", publisher, StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.Combine(target, Path.GetRelativePath(source, file).Replace("acme", publisher, StringComparison.Ordinal));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, File.ReadAllText(file).Replace("acme", publisher, StringComparison.Ordinal));
        }

        return target;
    }

    /// <summary>A zip of <paramref name="files"/> (path → text) as they are, unsafe names included.</summary>
    public static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The files of a pack folder, by relative path.</summary>
    public static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    /// <summary>Posts <paramref name="zip"/> to <c>POST /api/catalog/packs</c> with the given checksum and signature.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] zip, string? checksum, string? signature)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalog/packs") { Content = content };
        if (checksum is not null)
        {
            request.Headers.Add(PublishingHeaders.Checksum, checksum);
        }

        if (signature is not null)
        {
            request.Headers.Add(PublishingHeaders.Signature, signature);
        }

        return client.SendAsync(request, Ct);
    }

    /// <summary>Uploads <paramref name="zip"/> signed with <paramref name="privateKeyPem"/>, with its true checksum.</summary>
    public static Task<HttpResponseMessage> UploadSignedAsync(this HttpClient client, byte[] zip, string privateKeyPem) =>
        client.UploadAsync(zip, PackSignature.Checksum(zip), PackSignature.Sign(zip, privateKeyPem));
}
