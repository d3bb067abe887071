using System.Net;
using System.Text.Json;
using Saas.Platform.Packs;

namespace Saas.PackTool;

/// <summary>The command line of <c>saas-pack export</c>.</summary>
internal sealed record ExportArguments(
    string Url, string Tenant, string Token, string Output, string Id, string Publisher, string Prefix, string? Entities, bool IncludePacks, string? Version, string? Name,
    string? SampleData = null)
{
    public static ExportArguments? From(Dictionary<string, List<string>> options) =>
        PackTool.Option(options, "--url") is { } url && PackTool.Option(options, "--tenant") is { } tenant && PackTool.Option(options, "--token") is { } token
        && PackTool.Option(options, "-o", "--output") is { } folder && PackTool.Option(options, "--id") is { } id
        && PackTool.Option(options, "--publisher") is { } publisher && PackTool.Option(options, "--prefix") is { } prefix
            ? new(url, tenant, token, folder, id, publisher, prefix, PackTool.Option(options, "--entities"), options.ContainsKey("--include-packs"),
                PackTool.Option(options, "--version"), PackTool.Option(options, "--name"), PackTool.Option(options, "--sample-data"))
            : null;
}

/// <summary>
/// <c>saas-pack export</c>: asks the server for the tenant's configuration as pack files
/// (<c>GET /t/{tenant}/api/packs/export</c>, which maps and validates them) and writes them into a new folder. Nothing
/// is written when the server reports a problem, so a folder the tool writes passes <c>validate</c>.
/// </summary>
internal static class PackExportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(ExportArguments arguments, HttpMessageHandler? handler, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Directory.Exists(arguments.Output) && Directory.EnumerateFileSystemEntries(arguments.Output).Any())
        {
            return PackTool.Fail(error, $"{arguments.Output}: the folder exists and is not empty; give a new or empty folder.", 1);
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = new Uri(arguments.Url);
        var query = new List<string> { $"id={Uri.EscapeDataString(arguments.Id)}", $"publisher={Uri.EscapeDataString(arguments.Publisher)}", $"prefix={Uri.EscapeDataString(arguments.Prefix)}" };
        if (arguments.Entities is { } entities)
        {
            query.Add($"entities={Uri.EscapeDataString(entities)}");
        }

        if (arguments.IncludePacks)
        {
            query.Add("includePacks=true");
        }

        if (arguments.Version is { } version)
        {
            query.Add($"version={Uri.EscapeDataString(version)}");
        }

        if (arguments.Name is { } name)
        {
            query.Add($"name={Uri.EscapeDataString(name)}");
        }

        if (arguments.SampleData is { } sampleData)
        {
            query.Add($"sampleData={Uri.EscapeDataString(sampleData)}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{Uri.EscapeDataString(arguments.Tenant)}/api/packs/export?{string.Join('&', query)}");
        PackTool.Authorize(request, arguments.Token);
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return PackTool.Problems(error, string.IsNullOrWhiteSpace(body) ? [Refused(response.StatusCode, arguments)] : PackTool.Refusal((int)response.StatusCode, body));
        }

        var export = JsonSerializer.Deserialize<PackExportFiles>(body, Json)!;
        if (export.Problems.Count > 0)
        {
            error.WriteLine($"{arguments.Output}: not written; the exported pack would not validate:");
            return PackTool.Problems(error, export.Problems.Select(PackTool.Line));
        }

        var root = Path.GetFullPath(arguments.Output);
        foreach (var (path, text) in export.Files)
        {
            var file = Path.GetFullPath(Path.Combine(root, path));
            if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return PackTool.Fail(error, $"{path}: the server answered a file outside the folder; nothing more written.", 1);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text, cancellationToken);
        }

        foreach (var note in export.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        output.WriteLine($"{arguments.Output}: written ({export.Files.Count} files)");
        return 0;
    }

    private static string Refused(HttpStatusCode status, ExportArguments arguments) => status switch
    {
        HttpStatusCode.Unauthorized => "401 Unauthorized: the server does not accept the key or token.",
        HttpStatusCode.Forbidden => $"403 Forbidden: only an admin of the tenant '{arguments.Tenant}' may export its configuration; use an admin's API key or token.",
        HttpStatusCode.NotFound => $"404 Not Found: no tenant '{arguments.Tenant}' at {arguments.Url} that this key or token may read.",
        _ => $"{(int)status} {status}: the export was refused.",
    };
}
