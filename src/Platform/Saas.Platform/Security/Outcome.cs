namespace Saas.Platform.Security;

/// <summary>What an operation came to: a value (null for "not found"), field errors, or a conflict.</summary>
public sealed record Outcome<T>(T? Value, IDictionary<string, string[]>? Errors = null, string? Conflict = null);

internal static class Outcome
{
    public static Outcome<T> Invalid<T>(string field, string message) => new(default, new Dictionary<string, string[]> { [field] = [message] });
}
