using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>A tenant with a "deal" entity (labels in English and Chinese) and a staff member, made through the HTTP API.</summary>
public sealed record Crm(string Tenant, string Key, string Staff)
{
    public static async Task<Crm> CreateAsync(StaffApp app, string prefix = "ui")
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var entity = await app.Api(key).PostAsJsonAsync($"/t/{tenant}/api/metadata/entities", new
        {
            apiName = "deal",
            label = new Dictionary<string, string> { ["en"] = "Deal", ["zh-CN"] = "商机" },
            pluralLabel = new Dictionary<string, string> { ["en"] = "Deals", ["zh-CN"] = "商机列表" },
            fields = new object[]
            {
                new { apiName = "title", label = new Dictionary<string, string> { ["en"] = "Title", ["zh-CN"] = "标题" }, type = "text", required = true, indexed = true },
                new { apiName = "amount", label = new Dictionary<string, string> { ["en"] = "Amount", ["zh-CN"] = "金额" }, type = "currency", required = true, indexed = true },
                new
                {
                    apiName = "stage", label = new Dictionary<string, string> { ["en"] = "Stage", ["zh-CN"] = "阶段" }, type = "picklist", indexed = true,
                    settings = new
                    {
                        values = new object[]
                        {
                            new { apiName = "prospecting", label = new Dictionary<string, string> { ["en"] = "Prospecting", ["zh-CN"] = "初步接触" } },
                            new { apiName = "won", label = new Dictionary<string, string> { ["en"] = "Won", ["zh-CN"] = "赢单" } },
                        },
                    },
                },
                new { apiName = "closeDate", label = new Dictionary<string, string> { ["en"] = "Close date", ["zh-CN"] = "结束日期" }, type = "date", indexed = true },
                new { apiName = "hot", label = new Dictionary<string, string> { ["en"] = "Hot", ["zh-CN"] = "热门" }, type = "boolean" },
            },
        });
        Assert.True(entity.IsSuccessStatusCode, await entity.Content.ReadAsStringAsync());
        var staff = await app.AddMemberAsync(tenant, key, "staff");
        return new Crm(tenant, key, staff);
    }

    public async Task<string> AddDealAsync(StaffApp app, string title, decimal amount, string stage = "prospecting")
    {
        var response = await app.Api(Key).PostAsJsonAsync($"/t/{Tenant}/api/data/deal", new { title, amount, stage });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
