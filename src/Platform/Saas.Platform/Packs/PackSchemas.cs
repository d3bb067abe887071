using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Saas.Platform.Packs;

/// <summary>
/// The JSON Schemas of the pack files, embedded in this assembly (<c>Packs/Schemas/*.schema.json</c>) so that the API,
/// the pack tool and CI check a file against the same schema. Partners find them in docs/packs.md.
/// </summary>
public static class PackSchemas
{
    public const string Manifest = "pack";
    public const string Entity = "entity";
    public const string Extension = "extension";
    public const string Picklists = "picklists";
    public const string Permissions = "permissions";
    public const string Translations = "translations";
    public const string Workflow = "workflow";
    public const string View = "view";

    public const string Layout = "layout";

    public const string Dashboard = "dashboard";

    public static readonly IReadOnlyList<string> Names = [Manifest, Entity, Extension, Picklists, Permissions, Translations, Workflow, View, Layout, Dashboard];

    /// <summary>Every schema, built in <see cref="Names"/> order into one registry, so the extension schema's fields refer to the entity schema's.</summary>
    private static readonly Lazy<Dictionary<string, JsonSchema>> Built = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return Names.ToDictionary(n => n, n => JsonSchema.FromText(Text(n), options), StringComparer.Ordinal);
    });

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>The text of a schema, e.g. for a partner's editor.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(PackSchemas).Assembly.GetManifestResourceStream($"Saas.Platform.Packs.Schemas.{name}.schema.json")
            ?? throw new ArgumentException($"There is no pack schema '{name}'.", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Each place where <paramref name="document"/> breaks the schema, as (path, reason).</summary>
    public static IReadOnlyList<(string Path, string Reason)> Check(string name, JsonNode? document)
    {
        var schema = Built.Value[name];
        using var json = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        var results = schema.Evaluate(json.RootElement, Options);
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<(string, string)>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.IsValid || detail.Errors is null)
            {
                continue;
            }

            var path = PathOf(detail.InstanceLocation.ToString());
            foreach (var (keyword, error) in detail.Errors)
            {
                // A property that additionalProperties: false refuses is reported by its own (false) schema.
                var message = keyword == "falseSchema" || error.Contains("false schema", StringComparison.Ordinal)
                    ? $"'{path[(path.LastIndexOf('.') + 1)..]}' is not a property this file knows here."
                    : error;
                if (!problems.Contains((path, message)))
                {
                    problems.Add((path, message));
                }
            }
        }

        return problems;
    }

    /// <summary>A JSON Pointer as the rest of the platform writes paths: <c>/fields/2/type</c> is <c>fields[2].type</c>.</summary>
    internal static string PathOf(string pointer)
    {
        var path = new StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (name.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(name).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(name);
            }
        }

        return path.ToString();
    }
}
