using Saas.Platform.Metadata;

namespace Saas.Platform.Expressions;

/// <summary>
/// Compiles expressions of the platform's one expression language (the OData expression grammar) against an entity's
/// fields. Compiled expressions are cached, so the same text over the same fields is parsed once.
/// </summary>
public interface IExpressionCompiler
{
    /// <summary>
    /// Compiles <paramref name="text"/> against the live fields of <paramref name="entity"/>; <paramref name="expected"/>
    /// is the type the result must have, or null to accept any.
    /// </summary>
    ExpressionCompilation Compile(EntityDefinition entity, string text, ExpressionType? expected = null);

    /// <summary>Compiles <paramref name="text"/> against the fields of <paramref name="scope"/>, such as a draft of an entity that is not saved yet.</summary>
    ExpressionCompilation Compile(ExpressionScope scope, string text, ExpressionType? expected = null);
}
