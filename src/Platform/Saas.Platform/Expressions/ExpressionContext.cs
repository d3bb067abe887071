namespace Saas.Platform.Expressions;

/// <summary>What an evaluation may know beyond the record's values: the moment it runs, read once so that every <c>now()</c> agrees.</summary>
public sealed record ExpressionContext(DateTimeOffset Now)
{
    public static ExpressionContext At(TimeProvider clock) => new(clock.GetUtcNow());
}

/// <summary>The outcome of an evaluation: a value (possibly null), or the reason it could not be computed, such as a division by zero.</summary>
public sealed record ExpressionResult(object? Value, string? Error)
{
    public bool Succeeded => Error is null;

    internal static ExpressionResult Failed(string error) => new(null, error);
}
