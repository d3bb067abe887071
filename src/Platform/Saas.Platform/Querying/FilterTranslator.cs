using System.Linq.Expressions;
using System.Reflection;
using Saas.Platform.Expressions;
using static System.Linq.Expressions.Expression;
using Binary = Saas.Platform.Expressions.BinaryOperator;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Querying;

/// <summary>
/// Turns a checked <c>$filter</c> tree into a predicate on records: system fields compare the record's columns, other
/// fields become <c>EXISTS</c> subqueries on the index table. A field with no value has no index row, so <c>eq null</c>
/// is "no row", and <c>ne</c> and <c>not</c> include records without a value, as OData's null rules say.
/// </summary>
internal sealed class FilterTranslator(RecordAccess access, IReadOnlyDictionary<string, QueryField> fields)
{
    private const string Option = QueryOptionNames.Filter;

    private static readonly MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public Expression<Func<Records.StoredRecord, bool>> Translate(ExpressionNode root) =>
        Lambda<Func<Records.StoredRecord, bool>>(Predicate(root), access.Record);

    private Expression Predicate(ExpressionNode node) => node switch
    {
        BinaryNode { Operator: Binary.And } and => AndAlso(Predicate(and.Left), Predicate(and.Right)),
        BinaryNode { Operator: Binary.Or } or => OrElse(Predicate(or.Left), Predicate(or.Right)),
        UnaryNode { Operator: UnaryOperator.Not } not => Not(Predicate(not.Operand)),
        BinaryNode comparison => Comparison(comparison),
        InNode @in => In(@in),
        CallNode { Function: "contains" or "startswith" or "endswith" } call => TextMatch(call),
        ConstantNode { Value: bool constant } => Constant(constant),
        ConvertNode convert => Predicate(convert.Operand),
        FieldNode { Type: ExpressionType.Boolean } flag => Compared(FieldOf(flag), Binary.Equal, true),
        _ => throw new QueryRefusedException(Option, "This part of the filter cannot run on the index: compare fields with literal values, such as amount gt 1000 and stage eq 'won'"),
    };

    private Expression Comparison(BinaryNode node)
    {
        var (operand, literal, op) = Unwrap(node.Left) is ConstantNode left
            ? (Unwrap(node.Right), left.Value, Mirror(node.Operator))
            : (Unwrap(node.Left), (Unwrap(node.Right) as ConstantNode ?? throw NotALiteral()).Value, node.Operator);
        return operand switch
        {
            FieldNode field => Compared(FieldOf(field), op, literal),
            CallNode { Function: "year" } year => DateParts.Year(this, FieldOf(year.Arguments[0]), op, literal),
            CallNode { Function: "month" or "day" } part => DateParts.MonthOrDay(access, FieldOf(part.Arguments[0]), part.Function, op, literal),
            _ => throw NotALiteral(),
        };
    }

    /// <summary><paramref name="field"/> <paramref name="op"/> <paramref name="literal"/>, on its column or its index rows.</summary>
    public Expression Compared(QueryField field, Binary op, object? literal)
    {
        field.EnsureQueryable(Option, "filter");
        var value = FilterValues.Normalize(field, literal);
        if (value is null)
        {
            var hasValue = field.IsSystem ? HasColumnValue(access.Column(field)) : access.HasValue(field);
            return op switch
            {
                Binary.Equal => Not(hasValue),
                Binary.NotEqual => hasValue,
                _ => throw new QueryRefusedException(Option, $"null can only be compared with eq or ne ('{field.ApiName}' eq null)"),
            };
        }

        Expression Test(Expression column) => Operate(field, column, op == Binary.NotEqual ? Binary.Equal : op, value);
        var match = field.IsSystem ? Test(SystemOperand(field)) : access.HasValue(field, Test);
        return op == Binary.NotEqual ? Not(match) : match;
    }

    private Expression In(InNode node)
    {
        var field = Unwrap(node.Operand) is FieldNode operand ? FieldOf(operand) : throw NotALiteral();
        field.EnsureQueryable(Option, "filter");
        if (node.Values.Length > QueryLimits.MaxInValues)
        {
            throw new QueryRefusedException(Option, $"'in' takes at most {QueryLimits.MaxInValues} values");
        }

        var type = FilterValues.TypeOf(field);
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type))!;
        foreach (var value in node.Values.Where(v => v is not null))
        {
            list.Add(FilterValues.Normalize(field, value));
        }

        Expression Contains(Expression column) => Call(typeof(Enumerable), nameof(Enumerable.Contains), [type], RecordAccess.Parameter(list, list.GetType()), column);
        var match = field.IsSystem ? Contains(SystemOperand(field)) : access.HasValue(field, Contains);
        return node.Values.Any(v => v is null) ? OrElse(match, Compared(field, Binary.Equal, null)) : match;
    }

    private Expression TextMatch(CallNode call)
    {
        if (Unwrap(call.Arguments[0]) is not FieldNode { Type: ExpressionType.Text } operand || Unwrap(call.Arguments[1]) is not ConstantNode { Value: string text })
        {
            throw new QueryRefusedException(Option, $"{call.Function} takes a text field and a literal text, such as {call.Function}(name, 'acme')");
        }

        var field = FieldOf(operand);
        field.EnsureQueryable(Option, "filter");
        var method = typeof(string).GetMethod(call.Function switch { "contains" => nameof(string.Contains), "startswith" => nameof(string.StartsWith), _ => nameof(string.EndsWith) }, [typeof(string)])!;
        var value = RecordAccess.Parameter(FilterValues.Normalize(field, text), typeof(string));
        Expression Test(Expression column) => AndAlso(NotEqual(column, Constant(null, typeof(string))), Call(column, method, value));
        return field.IsSystem ? Test(SystemOperand(field)) : access.HasValue(field, Test);
    }

    public static Expression Operate(QueryField field, Expression column, Binary op, object value)
    {
        var parameter = RecordAccess.Parameter(value, column.Type);
        if (op == Binary.Equal)
        {
            return Equal(column, parameter);
        }

        if (field.Type is ExpressionType.Id or ExpressionType.Boolean)
        {
            throw new QueryRefusedException(Option, $"'{field.ApiName}' can only be compared with eq, ne or in");
        }

        var (left, right) = column.Type == typeof(string) ? (Call(Compare, column, parameter), (Expression)Constant(0)) : (column, parameter);
        return op switch
        {
            Binary.GreaterThan => GreaterThan(left, right),
            Binary.GreaterThanOrEqual => GreaterThanOrEqual(left, right),
            Binary.LessThan => LessThan(left, right),
            Binary.LessThanOrEqual => LessThanOrEqual(left, right),
            _ => throw new QueryRefusedException(Option, $"The operator {op} is not a comparison"),
        };
    }

    private static Expression HasColumnValue(Expression column) =>
        column.Type.IsValueType && Nullable.GetUnderlyingType(column.Type) is null ? Constant(true) : NotEqual(column, Constant(null, column.Type));

    /// <summary>The record's name ignores case in filters, as indexed texts do.</summary>
    private Expression SystemOperand(QueryField field) =>
        field.Type == ExpressionType.Text ? Call(access.Column(field), typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!) : access.Column(field);

    public QueryField FieldOf(ExpressionNode node) =>
        Unwrap(node) is FieldNode field && fields.TryGetValue(field.ApiName, out var queryField) ? queryField : throw NotALiteral();

    /// <summary>Strips what does not change an indexed comparison: type promotions, and tolower/toupper (the index ignores case).</summary>
    private static ExpressionNode Unwrap(ExpressionNode node) => node switch
    {
        ConvertNode convert => Unwrap(convert.Operand),
        CallNode { Function: "tolower" or "toupper", Arguments: [FieldNode field] } => field,
        _ => node,
    };

    private static Binary Mirror(Binary op) => op switch
    {
        Binary.GreaterThan => Binary.LessThan,
        Binary.GreaterThanOrEqual => Binary.LessThanOrEqual,
        Binary.LessThan => Binary.GreaterThan,
        Binary.LessThanOrEqual => Binary.GreaterThanOrEqual,
        _ => op,
    };

    private static QueryRefusedException NotALiteral() =>
        new(Option, "Compare a field with a literal value, such as amount gt 1000; comparing two fields or computed values cannot use the index");
}
