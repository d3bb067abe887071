using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>An "activity" entity shaped as the core pack's (subject, type, status, due date) with an indexed lookup to deals.</summary>
public static class CrmActivities
{
    public static async Task AddActivitiesAsync(this Crm crm, StaffApp app)
    {
        var entity = await app.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/metadata/entities", new
        {
            apiName = "activity",
            label = new Dictionary<string, string> { ["en"] = "Activity", ["zh-CN"] = "活动" },
            pluralLabel = new Dictionary<string, string> { ["en"] = "Activities", ["zh-CN"] = "活动列表" },
            fields = new object[]
            {
                new { apiName = "subject", label = new Dictionary<string, string> { ["en"] = "Subject" }, type = "text", required = true, indexed = true },
                Picklist("activityType", "Type", "task", "call"),
                Picklist("status", "Status", "open", "done", "cancelled"),
                new { apiName = "dueAt", label = new Dictionary<string, string> { ["en"] = "Due" }, type = "dateTime", indexed = true },
                new { apiName = "deal", label = new Dictionary<string, string> { ["en"] = "Deal" }, type = "lookup", indexed = true, settings = new { targetEntity = "deal" } },
                new { apiName = "description", label = new Dictionary<string, string> { ["en"] = "Description" }, type = "longText" },
            },
        });
        Assert.True(entity.IsSuccessStatusCode, await entity.Content.ReadAsStringAsync());
    }

    /// <summary>The user id of a member, from the members API.</summary>
    public static async Task<string> UserIdAsync(this Crm crm, StaffApp app, string email)
    {
        var members = await app.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/members");
        return members.EnumerateArray().First(m => m.GetProperty("email").GetString() == email).GetProperty("userId").GetString()!;
    }

    private static object Picklist(string apiName, string label, params string[] values) => new
    {
        apiName,
        label = new Dictionary<string, string> { ["en"] = label },
        type = "picklist",
        indexed = true,
        settings = new { values = values.Select(v => new { apiName = v, label = new Dictionary<string, string> { ["en"] = v } }).ToArray() },
    };
}
