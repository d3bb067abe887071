using System.Text.RegularExpressions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using Saas.Platform.Metadata;

namespace Saas.Platform.Expressions;

/// <summary>
/// Parses with Microsoft.OData.Core as an <c>$orderby</c> item, which binds any single value (a <c>$filter</c> must be
/// boolean), and with the text unchanged, so the parser's positions are positions in what the user wrote.
/// </summary>
internal sealed partial class ExpressionCompiler(IMemoryCache cache) : IExpressionCompiler
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);

    public ExpressionCompilation Compile(EntityDefinition entity, string text, ExpressionType? expected = null) =>
        Compile(ExpressionScope.Of(entity), text, expected);

    public ExpressionCompilation Compile(ExpressionScope scope, string text, ExpressionType? expected = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(text);
        var key = new CacheKey(scope.EntityId, scope.Shape, text, expected);
        return cache.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = Unused;
            return Checked(Parse(scope, text), expected);
        })!;
    }

    private static ExpressionCompilation Parse(ExpressionScope scope, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ExpressionCompilation.Refused("The expression is empty");
        }

        if (text.Length > ExpressionLimits.MaxLength)
        {
            return ExpressionCompilation.Refused($"The expression is longer than {ExpressionLimits.MaxLength} characters");
        }

        if (SortSuffix().Match(text) is { Success: true } suffix)
        {
            return ExpressionCompilation.Refused($"'{suffix.Groups[1].Value}' does not belong in an expression", suffix.Groups[1].Index);
        }

        try
        {
            ExpressionFunctions.TeachParser();
            var (model, type, set) = EdmModelFactory.Build(scope);
            var parser = new ODataQueryOptionParser(model, type, set, new Dictionary<string, string> { ["$orderby"] = text })
            {
                Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
            };
            var clause = parser.ParseOrderBy();
            if (clause.ThenBy is not null)
            {
                return ExpressionCompilation.Refused("Write a single expression; a comma separates nothing here", text.IndexOf(',', StringComparison.Ordinal));
            }

            return new(new CompiledExpression(text, ODataTranslator.Translate(clause.Expression), scope), null);
        }
        catch (ODataException ex)
        {
            return ODataErrors.Describe(ex.Message, text, scope);
        }
        catch (ExpressionRefusedException ex)
        {
            return ExpressionCompilation.Refused(ex.Message);
        }
        catch (OverflowException)
        {
            // The parser promotes literals as it binds them; a literal beyond a decimal overflows there.
            return ExpressionCompilation.Refused("A number is out of range");
        }
    }

    private static ExpressionCompilation Checked(ExpressionCompilation compilation, ExpressionType? expected)
    {
        if (compilation.Expression is not { } expression || expected is not { } wanted
            || expression.ResultType == wanted || expression.ResultType == ExpressionType.Null)
        {
            return compilation;
        }

        return ExpressionCompilation.Refused(
            $"The expression gives a {ExpressionValues.Describe(expression.ResultType)}, but a {ExpressionValues.Describe(wanted)} is expected here");
    }

    // $orderby would read a trailing asc or desc as a sort direction and drop it silently.
    [GeneratedRegex(@"\s(asc|desc)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SortSuffix();

    private sealed record CacheKey(Guid EntityId, string Shape, string Text, ExpressionType? Expected);
}
