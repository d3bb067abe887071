using System.Net.Http.Headers;
using System.Text.Json;
using Saas.Platform.Packs;
using Saas.Platform.Packs.Publishing;

namespace Saas.PackTool;

/// <summary>
/// The partners' pack tool: <c>new</c>, <c>validate</c>, <c>build</c> (alias <c>pack</c>), <c>keygen</c>, <c>sign</c>,
/// <c>publish</c> and <c>export</c>. Every command
/// answers 0 on success and 1 with one <c>file: path: reason</c> line per problem otherwise (2 for a wrong command line).
/// It runs in process for tests: the output writers and the HTTP handler are parameters.
/// </summary>
public static class PackTool
{
    public const string Usage = """
        usage:
          saas-pack new <folder> --id <id> --publisher <publisher> --prefix <prefix>
                                                                write a minimal pack folder that validates as written
          saas-pack validate <folder> [--catalog <folder>]...  check a pack folder (dependencies from --catalog, default: the folder's parent)
          saas-pack build <folder> -o <pack.zip> [--catalog ...]
                                                                validate, then zip the pack's files (also: saas-pack pack)
          saas-pack keygen [-o <key.pem>]                       write an ECDSA P-256 key pair: key.pem (private) and key.pub.pem (public)
          saas-pack sign <pack.zip> --key <key.pem>             write <pack.zip>.sig (base64 DER signature) and <pack.zip>.sha256
          saas-pack publish <pack.zip> --server <url> --key <publisher API key>
                                                                upload the signed zip to POST /api/catalog/packs; the key may
                                                                come from SAAS_PUBLISHER_KEY instead, or a person's --token
          saas-pack export --url <server> --tenant <tenant> --token <api key or bearer token> -o <folder>
                           --id <id> --publisher <publisher> --prefix <prefix> [--entities a,b] [--include-packs]
                           [--version <1.0.0>] [--name <English name>] [--sample-data <records per entity>]
                                                                write a tenant's configuration (permission sets included) as a pack folder (tenant admins)
        """;

    /// <summary>Where a build server keeps the publisher's API key, so it is not on the command line.</summary>
    public const string PublisherKeyVariable = "SAAS_PUBLISHER_KEY";

    /// <summary>How the platform's API keys start: a tenant's (<c>saas_</c>) and a publisher's (<c>saaspub_</c>).</summary>
    private static readonly string[] ApiKeyMarkers = ["saas_", "saaspub_"];

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--include-packs" };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var command = args.Length > 0 ? args[0] : string.Empty;
        var (positional, options) = Parse(args.Skip(1));
        try
        {
            return command switch
            {
                "validate" when positional.Count == 1 => Validate(positional[0], Catalogs(positional[0], options), output, error),
                "keygen" when positional.Count == 0 => Keygen(Option(options, "-o", "--output") ?? "key.pem", output),
                "new" when positional.Count == 1 && Option(options, "--id") is { } id && Option(options, "--publisher") is { } publisher && Option(options, "--prefix") is { } prefix =>
                    PackScaffold.Write(positional[0], id, publisher, prefix, output, error),
                "build" or "pack" when positional.Count == 1 && Option(options, "-o", "--output") is { } zip => Pack(positional[0], zip, Catalogs(positional[0], options), output, error),
                "sign" when positional.Count == 1 && Option(options, "--key") is { } key => Sign(positional[0], key, output),
                "publish" when positional.Count == 1 && Option(options, "--server", "--url") is { } url
                    && (Option(options, "--key", "--token") ?? Environment.GetEnvironmentVariable(PublisherKeyVariable)) is { Length: > 0 } credential =>
                    await PublishAsync(positional[0], url, credential, handler, output, error, cancellationToken),
                "export" when positional.Count == 0 && ExportArguments.From(options) is { } export => await PackExportCommand.RunAsync(export, handler, output, error, cancellationToken),
                _ => Fail(error, Usage, 2),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException or HttpRequestException)
        {
            return Fail(error, $"{command}: {e.Message}", 1);
        }
    }

    private static int Validate(string folder, IReadOnlyList<string> catalogs, TextWriter output, TextWriter error)
    {
        var problems = PackValidation.ValidateFolder(folder, catalogs);
        if (problems.Count > 0)
        {
            return Problems(error, problems.Select(Line));
        }

        output.WriteLine($"{folder}: valid");
        return 0;
    }

    private static int Keygen(string privatePath, TextWriter output)
    {
        var publicPath = privatePath.EndsWith(".pem", StringComparison.Ordinal) ? privatePath[..^4] + ".pub.pem" : privatePath + ".pub.pem";
        var (privateKey, publicKey) = PackSignature.NewKeyPair();
        File.WriteAllText(privatePath, privateKey);
        File.WriteAllText(publicPath, publicKey);
        output.WriteLine($"private key: {privatePath} (keep it secret)");
        output.WriteLine($"public key: {publicPath} (register it: POST /api/catalog/publishers/{{publisher}}/keys)");
        return 0;
    }

    private static int Pack(string folder, string zip, IReadOnlyList<string> catalogs, TextWriter output, TextWriter error)
    {
        if (Validate(folder, catalogs, output, error) != 0)
        {
            return 1;
        }

        File.WriteAllBytes(zip, PackZip.Create(folder));
        output.WriteLine($"{zip}: written");
        return 0;
    }

    private static int Sign(string zip, string keyPath, TextWriter output)
    {
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllText(zip + ".sig", PackSignature.Sign(bytes, File.ReadAllText(keyPath)));
        File.WriteAllText(zip + ".sha256", PackSignature.Checksum(bytes));
        output.WriteLine($"{zip}.sig and {zip}.sha256: written");
        return 0;
    }

    private static async Task<int> PublishAsync(
        string zip, string url, string credential, HttpMessageHandler? handler, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(zip + ".sig") || !File.Exists(zip + ".sha256"))
        {
            return Fail(error, $"{zip}: not signed; run: saas-pack sign {zip} --key <key.pem>", 1);
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = new Uri(url);
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(zip, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalog/packs") { Content = content };
        Authorize(request, credential);
        request.Headers.Add(PublishingHeaders.Checksum, (await File.ReadAllTextAsync(zip + ".sha256", cancellationToken)).Trim());
        request.Headers.Add(PublishingHeaders.Signature, (await File.ReadAllTextAsync(zip + ".sig", cancellationToken)).Trim());
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var uploaded = JsonDocument.Parse(body).RootElement;
            output.WriteLine($"{uploaded.GetProperty("id").GetString()} {uploaded.GetProperty("version").GetString()}: {uploaded.GetProperty("state").GetString()}");
            return 0;
        }

        return Problems(error, Refusal((int)response.StatusCode, body));
    }

    /// <summary>An API key goes as <c>X-Api-Key</c>; anything else is a person's bearer token.</summary>
    internal static void Authorize(HttpRequestMessage request, string credential)
    {
        if (ApiKeyMarkers.Any(marker => credential.StartsWith(marker, StringComparison.Ordinal)))
        {
            request.Headers.Add("X-Api-Key", credential);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
    }

    /// <summary>The lines of a refusal: the problem's title and detail, then one line per pack problem.</summary>
    internal static List<string> Refusal(int status, string body)
    {
        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return [$"{status}: {body}"];
        }

        string? Text(string name) => problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var value) ? value.ToString() : null;
        var lines = new List<string> { $"{status} {Text("title")}: {Text("detail")}" };
        if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("problems", out var problems))
        {
            lines.AddRange(problems.EnumerateArray().Select(p => Line(new PackProblem(
                p.GetProperty("file").GetString()!, p.GetProperty("path").GetString()!, p.GetProperty("reason").GetString()!))));
        }
        else if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            lines.AddRange(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}")));
        }

        return lines;
    }

    /// <summary>One line per problem, so scripts can read them: a reason of several lines (a template's parse error) is joined.</summary>
    internal static string Line(PackProblem problem) =>
        $"{problem.File}: {problem.Path}: {string.Join(' ', problem.Reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}";

    internal static int Problems(TextWriter error, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            error.WriteLine(line);
        }

        return 1;
    }

    internal static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message);
        return code;
    }

    private static List<string> Catalogs(string folder, Dictionary<string, List<string>> options) =>
        options.TryGetValue("--catalog", out var given) ? given : [Path.GetDirectoryName(Path.GetFullPath(folder.TrimEnd('/', '\\')))!];

    internal static string? Option(Dictionary<string, List<string>> options, params string[] names) =>
        names.Select(n => options.GetValueOrDefault(n)?.LastOrDefault()).FirstOrDefault(v => v is not null);

    private static (List<string> Positional, Dictionary<string, List<string>> Options) Parse(IEnumerable<string> args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            if (items.Current.StartsWith('-') && items.Current.Length > 1)
            {
                var name = items.Current;
                var value = Flags.Contains(name) ? "true" : items.MoveNext() ? items.Current : string.Empty;
                (options.TryGetValue(name, out var list) ? list : options[name] = []).Add(value);
            }
            else
            {
                positional.Add(items.Current);
            }
        }

        return (positional, options);
    }
}
