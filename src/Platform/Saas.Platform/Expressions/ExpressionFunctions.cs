using System.Collections.Frozen;
using Microsoft.OData.Edm;
using OData = Microsoft.OData.UriParser;

namespace Saas.Platform.Expressions;

/// <summary>The functions the language offers. OData's parser checks their argument counts and types; this list decides which are allowed.</summary>
internal static class ExpressionFunctions
{
    public static readonly FrozenSet<string> Supported = new[]
    {
        "contains", "startswith", "endswith", "length", "tolower", "toupper", "trim", "concat", "indexof", "substring",
        "year", "month", "day", "hour", "minute", "second", "date", "now",
        "round", "floor", "ceiling", "coalesce",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly Lazy<bool> ParserKnowsOwnFunctions = new(() =>
    {
        // OData defines no coalesce. Its parser learns custom functions through a process-wide registry, so this runs once.
        foreach (var kind in new[] { EdmPrimitiveTypeKind.String, EdmPrimitiveTypeKind.Decimal, EdmPrimitiveTypeKind.Boolean, EdmPrimitiveTypeKind.Date, EdmPrimitiveTypeKind.DateTimeOffset, EdmPrimitiveTypeKind.Guid })
        {
            var type = EdmCoreModel.Instance.GetPrimitive(kind, isNullable: true);
            OData.CustomUriFunctions.AddCustomUriFunction("coalesce", new OData.FunctionSignatureWithReturnType(type, type, type));
        }

        return true;
    });

    /// <summary>Makes the parser know the functions this language adds to OData's; call before parsing.</summary>
    public static void TeachParser() => _ = ParserKnowsOwnFunctions.Value;

    public static ExpressionNode Translate(OData.SingleValueFunctionCallNode call, int depth)
    {
        var name = call.Name.ToLowerInvariant();
        if (name == "cast")
        {
            return Cast(call, depth);
        }

        if (!Supported.Contains(name))
        {
            throw new ExpressionRefusedException($"The function '{call.Name}' is not supported; use one of: {string.Join(", ", Supported)}, cast");
        }

        var arguments = call.Parameters.Select(p => ODataTranslator.Translate(p, depth + 1)).ToArray();
        return new CallNode(ODataTranslator.TypeOf(call.TypeReference), name, [.. arguments]);
    }

    private static ExpressionNode Cast(OData.SingleValueFunctionCallNode call, int depth)
    {
        var parameters = call.Parameters.ToArray();
        if (parameters.Length != 2)
        {
            throw new ExpressionRefusedException("cast takes a value and a type, such as cast(amount, Edm.String)");
        }

        var target = ODataTranslator.TypeOf(call.TypeReference);
        if (target is not (ExpressionType.Text or ExpressionType.Number))
        {
            throw new ExpressionRefusedException("cast converts to Edm.String or Edm.Decimal only");
        }

        var operand = ODataTranslator.Translate(parameters[0], depth + 1);
        return operand.Type == target ? operand : new ConvertNode(target, operand);
    }

    /// <summary>
    /// Calls a function on evaluated arguments. Any null argument gives null, except in concat, where null reads as empty
    /// text, and in coalesce, which gives its first argument unless that is null.
    /// </summary>
    public static object? Call(string name, object?[] args, ExpressionContext context)
    {
        if (name == "now")
        {
            return context.Now;
        }

        if (name == "coalesce")
        {
            return args[0] ?? args[1];
        }

        if (name == "concat")
        {
            return string.Concat(args[0] as string ?? string.Empty, args[1] as string ?? string.Empty);
        }

        if (args.Any(a => a is null))
        {
            return null;
        }

        return name switch
        {
            "contains" => Text(args[0]).Contains(Text(args[1]), StringComparison.Ordinal),
            "startswith" => Text(args[0]).StartsWith(Text(args[1]), StringComparison.Ordinal),
            "endswith" => Text(args[0]).EndsWith(Text(args[1]), StringComparison.Ordinal),
            "length" => (decimal)Text(args[0]).Length,
            "tolower" => Text(args[0]).ToLowerInvariant(),
            "toupper" => Text(args[0]).ToUpperInvariant(),
            "trim" => Text(args[0]).Trim(),
            "indexof" => (decimal)Text(args[0]).IndexOf(Text(args[1]), StringComparison.Ordinal),
            "substring" => Substring(Text(args[0]), args[1]!, args.Length > 2 ? args[2] : null),
            "round" => Math.Round((decimal)args[0]!, MidpointRounding.AwayFromZero),
            "floor" => Math.Floor((decimal)args[0]!),
            "ceiling" => Math.Ceiling((decimal)args[0]!),
            _ => DatePart(name, args[0]!),
        };
    }

    private static string Text(object? value) => (string)value!;

    // Out-of-range positions give what is there rather than an error, so a formula over short texts keeps working.
    private static string Substring(string text, object start, object? length)
    {
        var from = (int)Math.Clamp(Whole((decimal)start, "substring's start"), 0, text.Length);
        var count = length is null ? text.Length - from : (int)Math.Clamp(Whole((decimal)length, "substring's length"), 0, text.Length - from);
        return text.Substring(from, count);
    }

    private static decimal Whole(decimal value, string what) =>
        value == decimal.Truncate(value) ? value : throw new ExpressionEvaluationException($"{what} must be a whole number, not {value}");

    private static object DatePart(string name, object value) => (name, value) switch
    {
        ("year", DateOnly d) => (decimal)d.Year,
        ("month", DateOnly d) => (decimal)d.Month,
        ("day", DateOnly d) => (decimal)d.Day,
        ("year", DateTimeOffset t) => (decimal)t.Year,
        ("month", DateTimeOffset t) => (decimal)t.Month,
        ("day", DateTimeOffset t) => (decimal)t.Day,
        ("hour", DateTimeOffset t) => (decimal)t.Hour,
        ("minute", DateTimeOffset t) => (decimal)t.Minute,
        ("second", DateTimeOffset t) => (decimal)t.Second,
        ("date", DateTimeOffset t) => DateOnly.FromDateTime(t.DateTime),
        _ => throw new ExpressionEvaluationException($"{name}() cannot take a {value.GetType().Name}"),
    };
}
