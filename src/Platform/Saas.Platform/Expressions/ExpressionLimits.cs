namespace Saas.Platform.Expressions;

/// <summary>Bounds that keep one expression from costing a node much memory or stack.</summary>
public static class ExpressionLimits
{
    /// <summary>The longest expression text accepted.</summary>
    public const int MaxLength = 2000;

    /// <summary>The deepest nesting of operators and calls accepted.</summary>
    public const int MaxDepth = 40;
}
