using Saas.Platform.Metadata;

namespace Saas.Platform.Tests.Metadata;

public sealed class AutoNumberPatternShould
{
    [Theory]
    [InlineData("INV-{0000}", 1, "INV-0001")] // the first number
    [InlineData("INV-{0000}", 42, "INV-0042")] // padded
    [InlineData("INV-{0000}", 12345, "INV-12345")] // wider than the group: never cut
    [InlineData("{0}", 7, "7")] // the group alone, one digit
    [InlineData("C-{000000}-X", 3, "C-000003-X")] // text on both sides
    [InlineData("工单{00000}", 9, "工单00009")] // any text around the group
    [InlineData("N{0000000000}", 1, "N0000000001")] // ten zeros, the most
    public void Format_the_number_into_the_group(string pattern, long number, string expected)
    {
        var parsed = AutoNumberPattern.Parse(pattern, out var error);

        Assert.Null(error);
        Assert.Equal(expected, parsed!.Format(number));
    }

    [Theory]
    [InlineData(null, "required")] // missing
    [InlineData("  ", "required")] // blank
    [InlineData("INV-", "exactly one number group")] // no group
    [InlineData("INV-{}", "exactly one number group")] // empty braces
    [InlineData("INV-{0000}-{00}", "exactly one number group")] // two groups
    [InlineData("INV-{0#00}", "exactly one number group")] // not zeros only
    [InlineData("N{00000000000}", "at most 10 zeros")] // eleven zeros
    [InlineData("{INV}-{000}", "Braces may appear only")] // stray braces
    [InlineData("INV-{000}}", "Braces may appear only")] // a stray closing brace
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEF{000}", "at most 50")] // too long
    public void Refuse_a_pattern_with_the_reason(string? pattern, string reason)
    {
        Assert.Null(AutoNumberPattern.Parse(pattern, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
