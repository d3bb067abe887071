using System.Collections.Immutable;
using System.Globalization;

namespace Saas.Platform.Metadata;

/// <summary>
/// A validation rule of an entity. <see cref="ErrorCondition"/> is a boolean expression over the record's fields (as a
/// write leaves them, after default values and formulas); when it is <c>true</c> the write is refused with
/// <see cref="ErrorMessage"/>, as Salesforce's error condition formulas work. A rule whose condition is false or null
/// lets the write through. The error is attached to <see cref="ErrorField"/>, or to the record as a whole under
/// <see cref="RecordKey"/> when it names no field.
/// </summary>
public sealed record ValidationRuleDefinition(
    Guid Id,
    string ApiName,
    string ErrorCondition,
    ImmutableSortedDictionary<string, string> ErrorMessage,
    string? ErrorField,
    bool Active,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt)
{
    /// <summary>The key of errors that belong to the record as a whole; no field api name can take it.</summary>
    public const string RecordKey = "$record";

    /// <summary>The message in the culture the caller reads (its language, else English).</summary>
    public string MessageFor(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (ErrorMessage.TryGetValue(culture.Name, out var exact))
        {
            return exact;
        }

        var language = culture.TwoLetterISOLanguageName;
        var sameLanguage = ErrorMessage.FirstOrDefault(m => m.Key.Split('-')[0].Equals(language, StringComparison.OrdinalIgnoreCase));
        return sameLanguage.Value ?? ErrorMessage.GetValueOrDefault(Translations.English) ?? ErrorMessage.Values.First();
    }
}
