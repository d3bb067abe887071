using System.Globalization;
using Microsoft.OData.Edm;
using OData = Microsoft.OData.UriParser;

namespace Saas.Platform.Expressions;

/// <summary>Translates OData's bound node tree into the platform's expression tree, refusing what the evaluator does not support.</summary>
internal static class ODataTranslator
{
    public static ExpressionNode Translate(OData.QueryNode node, int depth = 0)
    {
        if (depth > ExpressionLimits.MaxDepth)
        {
            throw new ExpressionRefusedException($"The expression is nested too deeply; at most {ExpressionLimits.MaxDepth} levels are allowed");
        }

        return node switch
        {
            OData.ConstantNode constant => Constant(constant),
            OData.SingleValuePropertyAccessNode property => new FieldNode(TypeOf(property.TypeReference), property.Property.Name),
            OData.BinaryOperatorNode binary => new BinaryNode(
                BinaryResultType(binary), Operator(binary.OperatorKind), Translate(binary.Left, depth + 1), Translate(binary.Right, depth + 1)),
            OData.UnaryOperatorNode unary => new UnaryNode(
                TypeOf(unary.TypeReference), unary.OperatorKind == OData.UnaryOperatorKind.Not ? UnaryOperator.Not : UnaryOperator.Negate, Translate(unary.Operand, depth + 1)),
            OData.ConvertNode convert => Convert(Translate(convert.Source, depth + 1), TypeOf(convert.TypeReference)),
            OData.InNode @in => In(Translate(@in.Left, depth + 1), @in.Right),
            OData.SingleValueFunctionCallNode call => ExpressionFunctions.Translate(call, depth),
            OData.ParameterAliasNode => throw new ExpressionRefusedException("Parameter aliases (@name) are not supported; write the value itself"),
            _ => throw new ExpressionRefusedException($"This construct ({node.Kind}) is not supported in expressions"),
        };
    }

    public static ExpressionType TypeOf(IEdmTypeReference? type)
    {
        if (type is null)
        {
            return ExpressionType.Null;
        }

        return type.IsPrimitive() ? TypeOf(type.AsPrimitive().PrimitiveKind()) : throw Unsupported(type);
    }

    private static ExpressionType TypeOf(EdmPrimitiveTypeKind kind) => kind switch
    {
        EdmPrimitiveTypeKind.String => ExpressionType.Text,
        EdmPrimitiveTypeKind.Boolean => ExpressionType.Boolean,
        EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int16
            or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => ExpressionType.Number,
        EdmPrimitiveTypeKind.Date => ExpressionType.Date,
        EdmPrimitiveTypeKind.DateTimeOffset => ExpressionType.DateTime,
        EdmPrimitiveTypeKind.Guid => ExpressionType.Id,
        _ => throw new ExpressionRefusedException($"Values of type {kind} are not supported in expressions"),
    };

    private static ExpressionRefusedException Unsupported(IEdmTypeReference type) =>
        new($"Values of type {type.FullName()} are not supported in expressions");

    private static ExpressionType BinaryResultType(OData.BinaryOperatorNode binary) =>
        binary.OperatorKind is OData.BinaryOperatorKind.Add or OData.BinaryOperatorKind.Subtract or OData.BinaryOperatorKind.Multiply
            or OData.BinaryOperatorKind.Divide or OData.BinaryOperatorKind.Modulo
            ? ArithmeticType(binary)
            : ExpressionType.Boolean;

    // Arithmetic is on numbers only: OData would also add durations to dates, which this language has no literal for.
    private static ExpressionType ArithmeticType(OData.BinaryOperatorNode binary) =>
        TypeOf(binary.TypeReference) is ExpressionType.Number or ExpressionType.Null
            ? ExpressionType.Number
            : throw new ExpressionRefusedException("Arithmetic (add, sub, mul, div, mod) works on numbers only");

    private static BinaryOperator Operator(OData.BinaryOperatorKind kind) => kind switch
    {
        OData.BinaryOperatorKind.Equal => BinaryOperator.Equal,
        OData.BinaryOperatorKind.NotEqual => BinaryOperator.NotEqual,
        OData.BinaryOperatorKind.GreaterThan => BinaryOperator.GreaterThan,
        OData.BinaryOperatorKind.GreaterThanOrEqual => BinaryOperator.GreaterThanOrEqual,
        OData.BinaryOperatorKind.LessThan => BinaryOperator.LessThan,
        OData.BinaryOperatorKind.LessThanOrEqual => BinaryOperator.LessThanOrEqual,
        OData.BinaryOperatorKind.And => BinaryOperator.And,
        OData.BinaryOperatorKind.Or => BinaryOperator.Or,
        OData.BinaryOperatorKind.Add => BinaryOperator.Add,
        OData.BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
        OData.BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
        OData.BinaryOperatorKind.Divide => BinaryOperator.Divide,
        OData.BinaryOperatorKind.Modulo => BinaryOperator.Modulo,
        _ => throw new ExpressionRefusedException($"The operator '{kind}' is not supported in expressions"),
    };

    private static ConstantNode Constant(OData.ConstantNode constant)
    {
        var type = TypeOf(constant.TypeReference);
        return new ConstantNode(type, ConstantValue(constant.Value, constant.LiteralText));
    }

    private static object? ConstantValue(object? value, string? literal) => value switch
    {
        null => null,
        // Parsed again from the literal: a float or double would round 0.1 on its way to a decimal.
        float or double => ParseDecimal(literal),
        int or long or short or byte or sbyte or decimal => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        DateOnly date => date,
#pragma warning disable CS0618 // OData 8 still hands date literals over as its own Date; 9 replaces it with DateOnly.
        Date date => new DateOnly(date.Year, date.Month, date.Day),
#pragma warning restore CS0618
        string or bool or DateTimeOffset or Guid => value,
        _ => throw new ExpressionRefusedException($"Literals of type {value.GetType().Name} are not supported in expressions"),
    };

    private static decimal ParseDecimal(string? literal) =>
        decimal.TryParse(literal?.TrimEnd('m', 'M', 'd', 'D', 'f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ExpressionRefusedException($"The number {literal} is out of range");

    private static ExpressionNode Convert(ExpressionNode operand, ExpressionType target)
    {
        if (operand.Type == target || target == ExpressionType.Null)
        {
            return operand;
        }

        if (operand is ConstantNode constant)
        {
            var converted = ExpressionValues.Convert(constant.Value, target);
            return converted.Succeeded ? new ConstantNode(target, converted.Value) : throw new ExpressionRefusedException(converted.Error!);
        }

        return new ConvertNode(target, operand);
    }

    private static InNode In(ExpressionNode operand, OData.CollectionNode list)
    {
        if (list is not OData.CollectionConstantNode constants)
        {
            throw new ExpressionRefusedException("'in' takes a list of literal values, such as stage in ('won', 'lost')");
        }

        var values = constants.Collection.Select(c => Convert(Constant(c), operand.Type) is ConstantNode converted ? converted.Value : null);
        return new InNode(operand, [.. values]);
    }
}

/// <summary>Unwinds a translation that meets something unsupported; the compiler turns it into an <see cref="ExpressionError"/>.</summary>
internal sealed class ExpressionRefusedException(string reason) : Exception(reason);
