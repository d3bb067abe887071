using System.Linq.Expressions;
using Saas.Platform.Expressions;
using Saas.Platform.Records;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Querying;

/// <summary>A <c>$filter</c> text as a predicate on records: compiled with the platform's expression compiler, translated to the index.</summary>
internal static class RecordFilter
{
    public static Expression<Func<StoredRecord, bool>> Translate(
        IExpressionCompiler compiler, string text, ExpressionScope scope, RecordAccess access, IReadOnlyDictionary<string, QueryField> fields)
    {
        if (text.Length > QueryLimits.MaxOptionLength)
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, $"$filter may have at most {QueryLimits.MaxOptionLength} characters");
        }

        var compiled = compiler.Compile(scope, text, ExpressionType.Boolean);
        return compiled.Expression is { } expression
            ? new FilterTranslator(access, fields).Translate(expression.Root)
            : throw new QueryRefusedException(QueryOptionNames.Filter, compiled.Error!.Message);
    }
}
