namespace Saas.Benchmarks;

/// <summary>The benchmark's entity: ten fields, five of them indexed, like a typical CRM object.</summary>
internal static class Deals
{
    private static readonly string[] Stages = ["prospecting", "proposal", "won", "lost"];

    public static readonly object Entity = Named("deal");

    /// <summary>The same entity under another api name, so each measure starts from an empty one.</summary>
    public static object Named(string apiName) => new
    {
        apiName,
        label = new { en = "Deal" },
        pluralLabel = new { en = "Deals" },
        fields = new object[]
        {
            new { apiName = "title", label = new { en = "Title" }, type = "text", indexed = true },
            new { apiName = "email", label = new { en = "Email" }, type = "email", indexed = true },
            new { apiName = "amount", label = new { en = "Amount" }, type = "currency", indexed = true },
            new { apiName = "closeDate", label = new { en = "Close date" }, type = "date", indexed = true },
            new
            {
                apiName = "stage", label = new { en = "Stage" }, type = "picklist", indexed = true,
                settings = new
                {
                    values = Stages
                        .Select((v, i) => new { apiName = v, label = new { en = v }, order = i, isDefault = i == 0, isActive = true }),
                },
            },
            new { apiName = "notes", label = new { en = "Notes" }, type = "longText" },
            new { apiName = "probability", label = new { en = "Probability" }, type = "percent" },
            new { apiName = "active", label = new { en = "Active" }, type = "boolean" },
            new { apiName = "phone", label = new { en = "Phone" }, type = "phone" },
            new { apiName = "city", label = new { en = "City" }, type = "text" },
        },
    };
}
