using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Saas.Platform.Expressions;

/// <summary>A parsed, checked expression. Immutable and shared through the cache: evaluate it as often as needed.</summary>
public sealed class CompiledExpression
{
    private readonly ExpressionNode root;
    private readonly FrozenDictionary<string, ExpressionType> fieldTypes;

    internal CompiledExpression(string text, ExpressionNode root, ExpressionScope scope)
    {
        Text = text;
        this.root = root;
        var reads = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, reads);
        ReadsFields = [.. reads];
        fieldTypes = scope.Fields.Where(f => reads.Contains(f.ApiName)).ToFrozenDictionary(f => f.ApiName, f => f.Type, StringComparer.Ordinal);
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The checked tree, for translators that turn it into something other than an evaluation (such as SQL for queries).</summary>
    internal ExpressionNode Root => root;

    /// <summary>The type of its value; <see cref="ExpressionType.Null"/> for the bare literal <c>null</c>.</summary>
    public ExpressionType ResultType => root.Type;

    /// <summary>The api names of the fields it reads, in ordinal order.</summary>
    public ImmutableArray<string> ReadsFields { get; }

    /// <summary>True when it is a single literal, such as <c>'open'</c>: its value is known without a record.</summary>
    public bool IsConstant => root is ConstantNode;

    /// <summary>
    /// Evaluates it over a record's values, keyed by field api name (missing keys read as null). Values may be the
    /// language's own types, other CLR numbers and dates, or JSON elements. A value that cannot be computed, such as a
    /// division by zero, is an error in the result, never an exception.
    /// </summary>
    public ExpressionResult Evaluate(IReadOnlyDictionary<string, object?> values, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return new ExpressionResult(new ExpressionEvaluator(values, fieldTypes, context).Evaluate(root), null);
        }
        catch (ExpressionEvaluationException ex)
        {
            return ExpressionResult.Failed(ex.Message);
        }
        catch (OverflowException)
        {
            return ExpressionResult.Failed("A number is too large");
        }
    }

    private static void Collect(ExpressionNode node, SortedSet<string> reads)
    {
        switch (node)
        {
            case FieldNode field:
                reads.Add(field.ApiName);
                break;
            case BinaryNode binary:
                Collect(binary.Left, reads);
                Collect(binary.Right, reads);
                break;
            case UnaryNode unary:
                Collect(unary.Operand, reads);
                break;
            case InNode @in:
                Collect(@in.Operand, reads);
                break;
            case ConvertNode convert:
                Collect(convert.Operand, reads);
                break;
            case CallNode call:
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, reads);
                }

                break;
        }
    }
}
