using System.Text.Json.Nodes;
using Saas.Platform.Packs;

namespace Saas.Platform.Tests.Packs;

/// <summary>What the pack tool writes as YAML reads back as the same tree: texts YAML would type otherwise stay texts.</summary>
public sealed class PackYamlSpec
{
    [Fact]
    public void Written_yaml_reads_back_as_the_same_tree()
    {
        var tree = new JsonObject
        {
            ["id"] = "acme_x",
            ["version"] = "1.0.0",
            ["texts"] = new JsonArray("true", "null", "12", "1.5", "yes", "", " padded ", "a: b", "# not a comment", "- dash", "'quoted'", "\"double\"",
                "line one\nline two", "会员姓名", "金额不能为负数。", "{{ record.email }}", "stage eq 'approval'", "~", "@at", "tab\there"),
            ["numbers"] = new JsonArray(0, 12, -3, 1.25m),
            ["flags"] = new JsonObject { ["on"] = true, ["off"] = false, ["none"] = null },
            ["nested"] = new JsonArray(new JsonObject { ["apiName"] = "a", ["values"] = new JsonObject { ["zh-CN"] = "甲" } }, new JsonArray("x", "y")),
            ["empty"] = new JsonObject(),
            ["none"] = new JsonArray(),
        };

        var text = PackYaml.Write(tree);
        var (read, error) = YamlJson.Parse(text);
        Assert.Null(error);
        Assert.Equal(tree.ToJsonString(), read!.ToJsonString());
    }
}
