using System.Collections.Immutable;
using Microsoft.Extensions.Caching.Memory;
using Saas.Platform.Expressions;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Expressions;

/// <summary>A deal with a field of every readable type, its values, and a clock that reads 2025-01-02 03:04:05 UTC.</summary>
internal static class ExpressionFixture
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static readonly Guid Account = Guid.Parse("0193a3c4-0000-7000-8000-000000000001");

    public static readonly ExpressionScope Deal = new(
        Guid.Parse("0193a3c4-0000-7000-8000-0000000000de"),
        [
            new("amount", ExpressionType.Number), new("quantity", ExpressionType.Number), new("stage", ExpressionType.Text),
            new("title", ExpressionType.Text), new("closeDate", ExpressionType.Date), new("lastContactAt", ExpressionType.DateTime),
            new("isKey", ExpressionType.Boolean), new("account", ExpressionType.Id), new("notes", ExpressionType.Text),
        ],
        ImmutableDictionary<string, string>.Empty.Add("tags", "a multiPicklist field holds several values"));

    public static readonly IReadOnlyDictionary<string, object?> Values = new Dictionary<string, object?>
    {
        ["amount"] = 1500.50m,
        ["quantity"] = null,
        ["stage"] = "won",
        ["title"] = "  Hello World  ",
        ["closeDate"] = new DateOnly(2024, 3, 15),
        ["lastContactAt"] = new DateTimeOffset(2024, 3, 10, 8, 30, 45, TimeSpan.Zero),
        ["isKey"] = true,
        ["account"] = Account,
    };

    public static IExpressionCompiler NewCompiler() => new ExpressionCompiler(new MemoryCache(new MemoryCacheOptions()));

    public static ExpressionContext Context()
    {
        var clock = new ManualClock();
        clock.Advance(Now - clock.GetUtcNow());
        return ExpressionContext.At(clock);
    }
}
