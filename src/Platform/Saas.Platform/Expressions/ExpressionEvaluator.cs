namespace Saas.Platform.Expressions;

/// <summary>
/// Walks the expression tree over one record's values. Null follows OData: comparisons with null are false except
/// <c>eq null</c>, arithmetic and functions on null give null, and <c>and</c>/<c>or</c> use three-valued logic.
/// </summary>
internal sealed class ExpressionEvaluator(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, ExpressionType> fieldTypes, ExpressionContext context)
{
    public object? Evaluate(ExpressionNode node) => node switch
    {
        ConstantNode constant => constant.Value,
        FieldNode field => Field(field),
        BinaryNode { Operator: BinaryOperator.And } and => And(Evaluate(and.Left), and.Right),
        BinaryNode { Operator: BinaryOperator.Or } or => Or(Evaluate(or.Left), or.Right),
        BinaryNode binary => Binary(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right)),
        UnaryNode unary => Unary(unary.Operator, Evaluate(unary.Operand)),
        InNode @in => In(Evaluate(@in.Operand), @in),
        CallNode call => ExpressionFunctions.Call(call.Function, [.. call.Arguments.Select(Evaluate)], context),
        ConvertNode convert => Converted(Evaluate(convert.Operand), convert.Type),
        _ => throw new ExpressionEvaluationException($"Unknown node {node.GetType().Name}"),
    };

    private object? Field(FieldNode field)
    {
        var raw = values.TryGetValue(field.ApiName, out var value) ? value : null;
        var read = ExpressionValues.Read(raw, fieldTypes.GetValueOrDefault(field.ApiName, field.Type), field.ApiName);
        return read.Succeeded ? read.Value : throw new ExpressionEvaluationException(read.Error!);
    }

    // The right side is evaluated only when the left does not decide, as a reader of `a and b` expects.
    private object? And(object? left, ExpressionNode right) => left is false ? false : (left, Evaluate(right)) switch
    {
        (_, false) => false,
        (true, true) => true,
        _ => null,
    };

    private object? Or(object? left, ExpressionNode right) => left is true ? true : (left, Evaluate(right)) switch
    {
        (_, true) => true,
        (false, false) => false,
        _ => null,
    };

    private static object? Binary(BinaryOperator op, object? left, object? right)
    {
        switch (op)
        {
            case BinaryOperator.Equal:
                return Equal(left, right);
            case BinaryOperator.NotEqual:
                return !Equal(left, right);
            case BinaryOperator.GreaterThan or BinaryOperator.GreaterThanOrEqual or BinaryOperator.LessThan or BinaryOperator.LessThanOrEqual:
                return Ordered(op, left, right);
        }

        if (left is null || right is null)
        {
            return null;
        }

        var (a, b) = ((decimal)left, (decimal)right);
        return op switch
        {
            BinaryOperator.Add => a + b,
            BinaryOperator.Subtract => a - b,
            BinaryOperator.Multiply => a * b,
            BinaryOperator.Divide => b == 0 ? throw new ExpressionEvaluationException("Division by zero") : a / b,
            BinaryOperator.Modulo => b == 0 ? throw new ExpressionEvaluationException("Division by zero (in mod)") : a % b,
            _ => throw new ExpressionEvaluationException($"Unknown operator {op}"),
        };
    }

    private static bool Equal(object? left, object? right) =>
        left is null || right is null ? left is null && right is null : ExpressionValues.Compare(left, right) == 0;

    // OData: ge and le hold for two nulls; any other comparison involving null is false.
    private static bool Ordered(BinaryOperator op, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null && op is BinaryOperator.GreaterThanOrEqual or BinaryOperator.LessThanOrEqual;
        }

        var order = ExpressionValues.Compare(left, right);
        return op switch
        {
            BinaryOperator.GreaterThan => order > 0,
            BinaryOperator.GreaterThanOrEqual => order >= 0,
            BinaryOperator.LessThan => order < 0,
            _ => order <= 0,
        };
    }

    private static object? Unary(UnaryOperator op, object? operand) => (op, operand) switch
    {
        (_, null) => null,
        (UnaryOperator.Not, bool b) => !b,
        (UnaryOperator.Negate, decimal d) => -d,
        _ => throw new ExpressionEvaluationException($"{op} cannot take a {operand.GetType().Name}"),
    };

    private static bool In(object? operand, InNode node) => node.Values.Any(v => Equal(operand, v));

    private static object? Converted(object? value, ExpressionType target)
    {
        var converted = ExpressionValues.Convert(value, target);
        return converted.Succeeded ? converted.Value : throw new ExpressionEvaluationException(converted.Error!);
    }
}
