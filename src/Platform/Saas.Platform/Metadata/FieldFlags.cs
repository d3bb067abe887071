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

        if (type is Formula or Rollup)
        {
            return ComputedFlags(type, request, existing, prefix, problems);
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

    // A formula's or roll-up's value is computed, so nobody enters it (read-only, never required) and it cannot promise uniqueness.
    private static FlagValues ComputedFlags(string type, FieldRequest request, StoredField? existing, string prefix, Problems problems)
    {
        if (request.ReadOnly == false)
        {
            problems.Add(Problems.Path(prefix, "readOnly"), $"A {type} field is always readOnly: its value is computed. Leave readOnly out or set it to true.");
        }

        if (request.Required == true)
        {
            problems.Add(Problems.Path(prefix, "required"), $"A {type} field cannot be required: nobody enters its value.");
        }

        if (request.Unique == true)
        {
            problems.Add(Problems.Path(prefix, "unique"), $"A {type} field cannot be unique: its values follow from other fields or records, so uniqueness could not be enforced when they change.");
        }

        return new FlagValues(Required: false, Unique: false, Indexed: request.Indexed ?? existing?.Indexed ?? false, ReadOnly: true);
    }
}
