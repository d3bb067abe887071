using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Platform.Expressions;

/// <summary>Turns the parser's messages into a reason and a position a person can act on.</summary>
internal static partial class ODataErrors
{
    public static ExpressionCompilation Describe(string message, string text, ExpressionScope scope)
    {
        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            var position = text.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            return scope.Unreadable.TryGetValue(name, out var why)
                ? ExpressionCompilation.Refused($"The field '{name}' cannot be used here: {why}", Position(position))
                : ExpressionCompilation.Refused($"There is no field '{name}'", Position(position));
        }

        if (UnknownFunction().Match(message) is { Success: true } function)
        {
            return ExpressionCompilation.Refused(
                $"There is no function '{function.Groups["name"].Value}'; use one of: {string.Join(", ", ExpressionFunctions.Supported)}, cast",
                Position(text.IndexOf(function.Groups["name"].Value, StringComparison.OrdinalIgnoreCase)));
        }

        if (AtPosition().Match(message) is { Success: true } located)
        {
            var at = int.Parse(located.Groups["position"].Value, CultureInfo.InvariantCulture);
            return ExpressionCompilation.Refused(located.Groups["reason"].Value, Math.Min(at, text.Length));
        }

        // The parser's internal failures (an operator such as 'has' on texts) say nothing useful to a person.
        return message.Contains("internal error", StringComparison.OrdinalIgnoreCase)
            ? ExpressionCompilation.Refused("An operator or function is used with values it does not take")
            : ExpressionCompilation.Refused(message.TrimEnd('.'));
    }

    private static int? Position(int index) => index < 0 ? null : index;

    [GeneratedRegex(@"^(?<reason>.+?) at position (?<position>\d+) in '.*'\.?$", RegexOptions.Singleline)]
    private static partial Regex AtPosition();

    [GeneratedRegex(@"Could not find a property named '(?<name>[^']+)'")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"unknown function with name '(?<name>[^']+)'")]
    private static partial Regex UnknownFunction();
}
