namespace Saas.Platform.Expressions;

/// <summary>Why an expression was refused, and where in its text (a zero-based character index) when the parser knows.</summary>
public sealed record ExpressionError(int? Position, string Reason)
{
    /// <summary>The reason with its position, as an API error message says it.</summary>
    public string Message => Position is { } at ? $"{Reason} (at position {at})." : $"{Reason}.";
}

/// <summary>The outcome of a compilation: either <see cref="Expression"/> or <see cref="Error"/>.</summary>
public sealed record ExpressionCompilation(CompiledExpression? Expression, ExpressionError? Error)
{
    public bool Succeeded => Expression is not null;

    internal static ExpressionCompilation Refused(string reason, int? position = null) => new(null, new ExpressionError(position, reason));
}
