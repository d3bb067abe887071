using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Saas.Platform.Packs;

namespace Saas.PackTool;

/// <summary>
/// <c>saas-pack new</c>: a minimal pack folder that passes <c>validate</c> as written: the manifest, one entity with a
/// text, a number and a picklist field and a validation rule, its picklist, a permission set, and translations in
/// <c>en</c> and <c>zh-CN</c>. Every name carries the prefix.
/// </summary>
internal static partial class PackScaffold
{
    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex Id();

    [GeneratedRegex("^[a-z][a-z0-9]{1,9}$")]
    private static partial Regex Prefix();

    public static int Write(string folder, string id, string publisher, string prefix, TextWriter output, TextWriter error)
    {
        if (!Id().IsMatch(id))
        {
            return PackTool.Fail(error, $"--id: '{id}' is not a pack id: a lower-case letter, then 1 to 39 lower-case letters, digits or '_'.", 1);
        }

        if (!Id().IsMatch(publisher) || publisher == PackFiles.PlatformPublisher)
        {
            return PackTool.Fail(error, $"--publisher: '{publisher}' is not a publisher id: a lower-case letter, then 1 to 39 lower-case letters, digits or '_' ('platform' is reserved).", 1);
        }

        if (!Prefix().IsMatch(prefix))
        {
            return PackTool.Fail(error, $"--prefix: '{prefix}' is not a prefix: a lower-case letter, then 1 to 9 lower-case letters or digits.", 1);
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return PackTool.Fail(error, $"{folder}: the folder exists and is not empty; give a new or empty folder.", 1);
        }

        foreach (var (path, content) in Files(id, publisher, prefix))
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        output.WriteLine($"{folder}: a new pack '{id}' (next: saas-pack validate {folder})");
        return 0;
    }

    /// <summary>The files of the new pack, by path relative to its folder.</summary>
    internal static Dictionary<string, string> Files(string id, string publisher, string prefix)
    {
        var entity = $"{prefix}_item";
        string Name(string name) => $"{prefix}_{name}";
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PackFiles.Manifest] = PackYaml.Write(new JsonObject
            {
                ["id"] = id,
                ["publisher"] = publisher,
                ["prefix"] = prefix,
                ["version"] = "1.0.0",
                ["name"] = new JsonObject { ["en"] = id, ["zh-CN"] = id },
                ["description"] = new JsonObject { ["en"] = $"The {id} pack." },
                ["platform"] = $">={PackFiles.PlatformVersion} <{PackFiles.PlatformVersion.Major + 1}.0.0",
            }),
            [PackFiles.Picklists] = PackYaml.Write(new JsonObject
            {
                ["picklists"] = new JsonObject
                {
                    [Name("status")] = new JsonObject
                    {
                        ["values"] = new JsonArray(
                            new JsonObject { ["apiName"] = "open", ["label"] = "Open", ["default"] = true },
                            new JsonObject { ["apiName"] = "done", ["label"] = "Done" }),
                    },
                },
            }),
            [$"{PackFiles.EntitiesFolder}/item.yaml"] = PackYaml.Write(new JsonObject
            {
                ["apiName"] = entity,
                ["label"] = "Item",
                ["pluralLabel"] = "Items",
                ["fields"] = new JsonArray(
                    new JsonObject { ["apiName"] = Name("title"), ["label"] = "Title", ["type"] = "text", ["required"] = true, ["maxLength"] = 100 },
                    new JsonObject { ["apiName"] = Name("amount"), ["label"] = "Amount", ["type"] = "number", ["precision"] = 12, ["scale"] = 2, ["default"] = "0" },
                    new JsonObject { ["apiName"] = Name("status"), ["label"] = "Status", ["type"] = "picklist", ["picklist"] = Name("status") }),
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["apiName"] = Name("amountNotNegative"),
                    ["errorCondition"] = $"{Name("amount")} lt 0",
                    ["errorField"] = Name("amount"),
                    ["errorMessage"] = new JsonObject { ["en"] = "The amount cannot be negative.", ["zh-CN"] = "金额不能为负数。" },
                }),
            }),
            [PackFiles.Permissions] = PackYaml.Write(new JsonObject
            {
                ["permissionSets"] = new JsonArray(new JsonObject
                {
                    ["name"] = Name("editors"),
                    ["description"] = "Create, read and edit items.",
                    ["rules"] = new JsonObject { [entity] = new JsonObject { ["create"] = true, ["read"] = true, ["update"] = true, ["delete"] = false, ["otherFields"] = "edit" } },
                }),
            }),
            [$"{PackFiles.TranslationsFolder}/en.yaml"] = PackYaml.Write(new JsonObject
            {
                ["entities"] = new JsonObject { [entity] = new JsonObject { ["label"] = "Item", ["pluralLabel"] = "Items" } },
            }),
            [$"{PackFiles.TranslationsFolder}/zh-CN.yaml"] = PackYaml.Write(new JsonObject
            {
                ["entities"] = new JsonObject
                {
                    [entity] = new JsonObject
                    {
                        ["label"] = "条目",
                        ["pluralLabel"] = "条目",
                        ["fields"] = new JsonObject { [Name("title")] = "标题", [Name("amount")] = "金额", [Name("status")] = "状态" },
                    },
                },
                ["picklists"] = new JsonObject { [Name("status")] = new JsonObject { ["open"] = "进行中", ["done"] = "已完成" } },
            }),
        };
        return files;
    }
}
