using static Saas.Platform.Tests.Expressions.ExpressionFixture;

namespace Saas.Platform.Tests.Expressions;

/// <summary>Every operator and function over the fixture's deal (amount 1500.50, stage 'won', quantity null, ...).</summary>
public sealed class ExpressionEvaluationShould
{
    public static TheoryData<string, object?> Cases => new()
    {
        // Comparisons
        { "amount gt 1000 and stage eq 'won'", true },
        { "amount eq 1500.5", true },
        { "amount ne 1500.5", false },
        { "amount ge 1500.50", true },
        { "amount lt 1500.50", false },
        { "amount le 1500.49", false },
        { "stage gt 'lost'", true }, // texts compare ordinally
        { "stage eq 'Won'", false }, // and case-sensitively
        { "closeDate gt 2024-03-14", true },
        { "lastContactAt lt 2024-03-10T09:00:00Z", true },
        { "isKey eq true", true },
        { "account eq 0193a3c4-0000-7000-8000-000000000001", true },

        // Logic, with OData's three-valued null
        { "isKey or amount div 0 gt 1", true }, // or stops at true: the division is never evaluated
        { "not isKey", false },
        { "not (quantity gt 1)", true }, // a comparison with null is false, never null
        { "quantity gt 1 or isKey", true },
        { "isKey and notes eq null", true },

        // Null
        { "quantity eq null", true },
        { "quantity ne null", false },
        { "amount eq null", false },
        { "quantity ge null", true }, // OData: ge and le hold for two nulls
        { "quantity gt 0", false },
        { "quantity add 1", null }, // arithmetic on null is null
        { "length(notes)", null }, // so is a function of null
        { "null", null },

        // in
        { "stage in ('won', 'lost')", true },
        { "stage in ('open')", false },
        { "amount in (1, 1500.5)", true }, // an integer literal meets a decimal field
        { "quantity in (1, null)", true },

        // Arithmetic in decimals
        { "amount add 1", 1501.50m },
        { "amount sub 0.5", 1500m },
        { "amount mul 2", 3001m },
        { "amount div 4", 375.125m },
        { "10 div 4", 2.5m }, // every number is a decimal: no integer division
        { "amount mod 7", 2.5m },
        { "0.1 add 0.2 eq 0.3", true }, // no binary floating point
        { "-amount", -1500.50m },
        { "1.1E3 add 1", 1101m },
        { "round(2.5)", 3m }, // away from zero
        { "floor(amount)", 1500m },
        { "ceiling(amount)", 1501m },
        { "coalesce(quantity, 0)", 0m }, // the first value that is not null
        { "coalesce(amount, 0)", 1500.50m },
        { "coalesce(quantity, 0) add 1", 1m }, // so arithmetic over an empty number can start from zero
        { "coalesce(notes, 'none')", "none" },
        { "coalesce(stage, 'none')", "won" },
        { "coalesce(quantity, null)", null },

        // Texts
        { "contains(title, 'World')", true },
        { "startswith(stage, 'w')", true },
        { "endswith(stage, 'n')", true },
        { "length(title)", 15m },
        { "tolower('ÀB')", "àb" },
        { "toupper(stage)", "WON" },
        { "trim(title)", "Hello World" },
        { "concat(stage, '!')", "won!" },
        { "concat(notes, stage)", "won" }, // concat reads null as empty text
        { "indexof(title, 'World')", 8m },
        { "substring(stage, 1)", "on" },
        { "substring(stage, 1, 1)", "o" },
        { "substring(stage, 5)", "" }, // out of range gives what is there
        { "cast(amount, Edm.String)", "1500.50" },
        { "cast('12', Edm.Decimal) add 1", 13m }, // a text literal converted at compile time
        { "'it''s'", "it's" },

        // Dates
        { "year(closeDate)", 2024m },
        { "month(closeDate)", 3m },
        { "day(closeDate)", 15m },
        { "hour(lastContactAt)", 8m },
        { "minute(lastContactAt)", 30m },
        { "second(lastContactAt)", 45m },
        { "date(lastContactAt)", new DateOnly(2024, 3, 10) },
        { "now()", Now },
        { "year(now()) sub year(closeDate)", 1m },
        { "date(now()) gt closeDate", true },
        { "closeDate lt now()", true }, // OData promotes the date to a date-time

        // Text that looks like an attack is a string, never code
        { "'x'') or 1 eq 1 --'", "x') or 1 eq 1 --" },
        { "stage eq 'won'' or ''1'' eq ''1'", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Give_the_value_OData_defines(string text, object? expected)
    {
        var compilation = NewCompiler().Compile(Deal, text);
        Assert.True(compilation.Succeeded, $"{text}: {compilation.Error?.Message}");

        var result = compilation.Expression!.Evaluate(Values, Context());

        Assert.True(result.Succeeded, $"{text}: {result.Error}");
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("amount div 0", "Division by zero")] // an error in the result, not an exception
    [InlineData("amount mod (amount sub amount)", "Division by zero")] // even when the zero is computed
    [InlineData("79228162514264337593543950 mul amount", "too large")] // decimal overflow
    public void Answer_an_error_when_no_value_can_be_computed(string text, string reason)
    {
        var compiled = NewCompiler().Compile(Deal, text).Expression!;

        var result = compiled.Evaluate(Values, Context());

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_values_given_as_JSON_or_other_clr_types()
    {
        var compiled = NewCompiler().Compile(Deal, "amount add quantity").Expression!;
        using var json = System.Text.Json.JsonDocument.Parse("""{ "amount": 2.5 }""");

        var fromJson = compiled.Evaluate(new Dictionary<string, object?> { ["amount"] = json.RootElement.GetProperty("amount"), ["quantity"] = 2 }, Context());
        var wrong = compiled.Evaluate(new Dictionary<string, object?> { ["amount"] = "lots", ["quantity"] = 2 }, Context());

        Assert.Equal(4.5m, fromJson.Value);
        Assert.Contains("'amount' is not a number", wrong.Error, StringComparison.Ordinal);
    }
}
