namespace Saas.Platform.Expressions;

/// <summary>
/// The types an expression works with. Every number is a <see cref="decimal"/>, texts are strings, dates are
/// <see cref="DateOnly"/>, date-times are <see cref="DateTimeOffset"/>, lookups and owners are record ids (<see cref="System.Guid"/>).
/// </summary>
public enum ExpressionType
{
    /// <summary>The literal <c>null</c>, which fits every type.</summary>
    Null,
    Text,
    Number,
    Boolean,
    Date,
    DateTime,
    Id,
}
