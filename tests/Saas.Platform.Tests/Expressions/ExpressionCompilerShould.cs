using Saas.Platform.Expressions;
using static Saas.Platform.Tests.Expressions.ExpressionFixture;

namespace Saas.Platform.Tests.Expressions;

/// <summary>What is refused when an expression is saved, with the reason and, when the parser knows it, the position.</summary>
public sealed class ExpressionCompilerShould
{
    /// <summary>(expression, the position expected or -1 for none, a word of the reason).</summary>
    public static TheoryData<string, int, string> Refusals => new()
    {
        { "amount gt", 9, "Expression expected" }, // a missing operand, at the end
        { "amount gt 1000 and", 18, "Expression expected" },
        { "(amount gt 1", 12, "')' or operator expected" }, // an unclosed parenthesis
        { "stage eq 'won", 13, "unterminated string literal" },
        { "amount gt 1 2", 13, "Syntax error" }, // two values with nothing between
        { "nope gt 1", 0, "There is no field 'nope'" },
        { "amount gt 1 and nope eq 2", 16, "There is no field 'nope'" },
        { "tags eq 'vip'", 0, "multiPicklist" }, // a field with several values cannot be read
        { "stage eq 1", -1, "" }, // a text compared with a number
        { "amount add 'x'", -1, "" },
        { "stage has 'x'", -1, "operator" }, // has is not for texts
        { "sqrt(amount)", 0, "no function 'sqrt'" },
        { "matchesPattern(stage, 'w.*')", -1, "not supported" }, // regular expressions are not offered
        { "isof(stage, Edm.String)", -1, "not supported" },
        { "time(lastContactAt)", -1, "not supported" },
        { "cast(amount, Edm.Boolean)", -1, "cast converts" },
        { "coalesce(stage, 1)", -1, "coalesce" }, // both values of one type
        { "coalesce(stage)", -1, "coalesce" },
        { "@p eq 1", -1, "aliases" },
        { "duration'P1D'", -1, "Duration" }, // durations have no type in this language
        { "amount desc", 7, "'desc' does not belong" }, // sort directions are not expressions
        { "amount, stage", 6, "single expression" },
        { "", -1, "empty" },
        { "1e400", -1, "out of range" },
        { "79228162514264337593543950335 add amount", -1, "out of range" }, // beyond a decimal once promoted
        { "substring(stage, 1.5)", -1, "" }, // positions are whole numbers
        { "'x') or 1 eq 1 --", 4, "" }, // injection-looking text is a parse error, never code
        { "stage eq 'x'; drop table records", -1, "" },
        { "System.IO.File.Delete('x')", -1, "" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuse_with_position_and_reason(string text, int position, string reason)
    {
        var compilation = NewCompiler().Compile(Deal, text);

        Assert.False(compilation.Succeeded, $"{text} compiled");
        Assert.Contains(reason, compilation.Error!.Reason, StringComparison.Ordinal);
        if (position >= 0)
        {
            Assert.Equal(position, compilation.Error.Position);
            Assert.EndsWith($"(at position {position}).", compilation.Error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("amount mul 2", ExpressionType.Number, true)] // a number where a number is expected
    [InlineData("amount gt 1", ExpressionType.Boolean, true)]
    [InlineData("null", ExpressionType.Date, true)] // null fits any type
    [InlineData("now()", ExpressionType.DateTime, true)]
    [InlineData("date(now())", ExpressionType.Date, true)]
    [InlineData("amount mul 2", ExpressionType.Text, false)] // a number where a text is expected
    [InlineData("now()", ExpressionType.Date, false)] // a date-time is not a date
    [InlineData("stage", ExpressionType.Boolean, false)]
    public void Check_the_result_type(string text, ExpressionType expected, bool accepted)
    {
        var compilation = NewCompiler().Compile(Deal, text, expected);

        Assert.Equal(accepted, compilation.Succeeded);
        if (!accepted)
        {
            Assert.Contains($"but a {ExpressionValues.Describe(expected)} is expected", compilation.Error!.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Name_the_fields_it_reads_in_their_own_case()
    {
        var compiled = NewCompiler().Compile(Deal, "AMOUNT gt 1 and concat(Stage, title) ne '' and amount lt 5").Expression!;

        Assert.Equal(["amount", "stage", "title"], compiled.ReadsFields);
        Assert.Equal(ExpressionType.Boolean, compiled.ResultType);
    }

    [Fact]
    public void Parse_the_same_text_over_the_same_fields_once()
    {
        var compiler = NewCompiler();

        var first = compiler.Compile(Deal, "amount mul 2").Expression;
        var again = compiler.Compile(Deal, "amount mul 2").Expression;
        var otherFields = compiler.Compile(Deal.Without("quantity"), "amount mul 2").Expression;

        Assert.Same(first, again);
        Assert.NotSame(first, otherFields);
    }

    [Fact]
    public void Refuse_a_field_that_reads_itself()
    {
        var compilation = NewCompiler().Compile(Deal.Without("amount"), "amount add 1");

        Assert.Contains("cannot read the field it belongs to", compilation.Error!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, true)] // nesting within the limit
    [InlineData(45, false)] // beyond it
    [InlineData(999, false)] // and far beyond, where the parser itself stops
    public void Limit_nesting(int depth, bool accepted)
    {
        var text = string.Concat(Enumerable.Repeat("-(", depth)) + "amount" + new string(')', depth);

        var compilation = NewCompiler().Compile(Deal, text);

        Assert.Equal(accepted, compilation.Succeeded);
    }

    [Fact]
    public void Refuse_text_longer_than_the_limit()
    {
        var text = string.Join(" add ", Enumerable.Repeat("1", ExpressionLimits.MaxLength / 5 + 1));

        Assert.Contains("longer than", NewCompiler().Compile(Deal, text).Error!.Reason, StringComparison.Ordinal);
    }
}
