using System.Collections.Immutable;

namespace Saas.Platform.Expressions;

// The platform's own immutable expression tree, translated from OData's node tree once at compile time.
// Evaluation walks it; nothing here is ever turned into code.

internal enum BinaryOperator
{
    Equal, NotEqual, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual,
    And, Or,
    Add, Subtract, Multiply, Divide, Modulo,
}

internal enum UnaryOperator
{
    Not, Negate,
}

internal abstract record ExpressionNode(ExpressionType Type);

internal sealed record ConstantNode(ExpressionType Type, object? Value) : ExpressionNode(Type);

internal sealed record FieldNode(ExpressionType Type, string ApiName) : ExpressionNode(Type);

internal sealed record BinaryNode(ExpressionType Type, BinaryOperator Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode(Type);

internal sealed record UnaryNode(ExpressionType Type, UnaryOperator Operator, ExpressionNode Operand) : ExpressionNode(Type);

/// <summary><c>x in (a, b)</c>: the list holds constants only, as OData's grammar allows.</summary>
internal sealed record InNode(ExpressionNode Operand, ImmutableArray<object?> Values) : ExpressionNode(ExpressionType.Boolean);

internal sealed record CallNode(ExpressionType Type, string Function, ImmutableArray<ExpressionNode> Arguments) : ExpressionNode(Type);

/// <summary>A conversion, inserted by OData's type promotion (a date compared with a date-time) or written as <c>cast</c>.</summary>
internal sealed record ConvertNode(ExpressionType Type, ExpressionNode Operand) : ExpressionNode(Type);
