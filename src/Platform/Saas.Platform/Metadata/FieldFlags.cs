using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

internal sealed record FlagValues(bool Required, bool Unique, bool Indexed, bool ReadOnly);

/// <summary>The rules between a field's type and its required, unique, indexed and read-only flags.</summary>
internal static class FieldFlags
{
    /// <summary>The flags after the request, over the existing field's flags when it is a change.</summary>
    public static FlagValues Resolve(string type, FieldRequest request, StoredField? existing, string prefix, Problems problems)
    {
        if (type == AutoNumber)
        {
            return AutoNumberFlags(request, prefix, problems);
        }

        var required = request.Required ?? existing?.Required ?? false;
        var unique = request.Unique ?? existing?.Unique ?? false;
        var indexed = request.Indexed ?? existing?.Indexed ?? false;
        var readOnly = request.ReadOnly ?? existing?.ReadOnly ?? false;

        if (unique && type == FieldType.Boolean)
        {
            problems.Add(Problems.Path(prefix, "unique"), "A boolean field cannot be unique: it has only two values.");
        }

        if (!CanBeIndexed(type))
        {
            var why = type == LongText
                ? "its values are too long for an index"
                : "it holds several values per record, so there is no single value to index";
            if (unique)
            {
                problems.Add(Problems.Path(prefix, "unique"), $"A {type} field cannot be unique: {why}.");
            }

            if (indexed)
            {
                problems.Add(Problems.Path(prefix, "indexed"), $"A {type} field cannot be indexed: {why}.");
            }
        }
        else if (unique && request.Indexed == false)
        {
            problems.Add(Problems.Path(prefix, "indexed"), "A unique field is always indexed: the index is what checks uniqueness. Leave indexed out or set it to true.");
        }

        return new FlagValues(required, unique, indexed || unique, readOnly);
    }

    private static FlagValues AutoNumberFlags(FieldRequest request, string prefix, Problems problems)
    {
        foreach (var (name, value) in new[] { ("required", request.Required), ("unique", request.Unique), ("indexed", request.Indexed), ("readOnly", request.ReadOnly) })
        {
            if (value == false)
            {
                problems.Add(Problems.Path(prefix, name), $"An autoNumber field is always {name}: the platform assigns its numbers. Leave {name} out or set it to true.");
            }
        }

        return new FlagValues(Required: true, Unique: true, Indexed: true, ReadOnly: true);
    }
}
