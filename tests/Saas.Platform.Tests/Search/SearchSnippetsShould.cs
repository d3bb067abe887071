using Saas.Platform.Search;

namespace Saas.Platform.Tests.Search;

public sealed class SearchSnippetsShould
{
    private static readonly string[] BestFirst = ["acme", "acme holdings", "old acme", "bigacme"];

    [Theory]
    [InlineData("Acme", "acme", "Acme", 0, 4)]                       // the whole value
    [InlineData("上海市浦东新区", "浦东", "上海市浦东新区", 3, 2)]         // Chinese, inside
    [InlineData("Some Orchid", "ORCHID", "Some Orchid", 5, 6)]       // any case
    [InlineData("no match here", "zzz", "no match here", 0, 0)]      // the value's start, nothing to highlight
    public void Locate_the_match_in_a_short_value(string text, string words, string snippet, int start, int length)
    {
        Assert.Equal(new Snippet(snippet, start, length), SearchSnippets.Cut(text, words));
    }

    [Fact]
    public void Cut_a_long_value_around_the_match_and_mark_the_cuts()
    {
        var text = new string('a', 100) + " needle " + new string('b', 100);

        var snippet = SearchSnippets.Cut(text, "needle");

        Assert.StartsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.Equal("needle", snippet.Text.Substring(snippet.Start, snippet.Length));
        Assert.True(snippet.Text.Length < 100);
    }

    [Fact]
    public void Rank_the_whole_value_over_its_start_over_a_word_over_the_inside()
    {
        var scores = BestFirst.Select(t => SearchSnippets.Score(t, "acme")).ToList();

        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }
}
