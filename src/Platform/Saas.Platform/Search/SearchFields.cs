using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Search;

/// <summary>Which fields are searched, the text a value is searched by, and the signatures that tell when the index is stale.</summary>
internal static class SearchFields
{
    /// <summary>Bumped when what a row holds changes, so every tenant's index is rebuilt on its next search.</summary>
    public const int Format = 2;

    private const string Gone = "-";

    /// <summary>
    /// Between two fields' texts in a row. A search may not hold control characters, so no match spans two fields
    /// (and in the full-text index no trigram of a search does).
    /// </summary>
    private const char Between = '\u001f';

    /// <summary>Text-like fields; the record's name is the value of one of them (its first text or auto-number field).</summary>
    public static bool IsSearchable(FieldDefinition field) =>
        field.Type is Text or LongText or Email or Phone or Url or AutoNumber or Picklist or MultiPicklist;

    /// <summary>The rows of one record: one per searchable field with a value.</summary>
    public static IEnumerable<(FieldDefinition Field, string Text)> Texts(EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> values)
    {
        foreach (var field in entity.Fields.Where(IsSearchable))
        {
            if (values.GetValueOrDefault(field.Id) is { } value && TextOf(field, value) is { Length: > 0 } text)
            {
                yield return (field, text);
            }
        }
    }

    /// <summary>
    /// One row's <c>Fields</c> and <c>Text</c> for a record's texts: the texts joined, and each field's id with the length
    /// of its text, so <see cref="Unpack"/> cuts them apart again whatever characters they hold.
    /// </summary>
    public static (string Fields, string Text) Pack(IEnumerable<(FieldDefinition Field, string Text)> texts)
    {
        var fields = new StringBuilder();
        var text = new StringBuilder();
        foreach (var (field, value) in texts)
        {
            if (fields.Length > 0)
            {
                fields.Append(' ');
                text.Append(Between);
            }

            fields.Append(Key(field.Id)).Append(value.Length.ToString(CultureInfo.InvariantCulture));
            text.Append(value);
        }

        return (fields.ToString(), text.ToString());
    }

    /// <summary>The texts of a row by field, as <see cref="Pack"/> wrote them.</summary>
    public static IEnumerable<(Guid Field, string Text)> Unpack(string fields, string text)
    {
        var at = 0;
        foreach (var part in fields.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var length = int.Parse(part.AsSpan(colon + 1), CultureInfo.InvariantCulture);
            yield return (Guid.ParseExact(part.AsSpan(0, colon), "N"), text.Substring(at, length));
            at += length + 1;
        }
    }

    /// <summary>What a row's <c>Fields</c> holds for a field, to find the rows that hold it.</summary>
    public static string Key(Guid field) => field.ToString("N") + ":";

    /// <summary>A picklist is found by the labels of its values in every language, not by their api names.</summary>
    private static string? TextOf(FieldDefinition field, JsonNode value) => field.Type switch
    {
        Picklist => LabelsOf(field, [value.GetValue<string>()]),
        MultiPicklist => LabelsOf(field, [.. value.AsArray().Select(v => v!.GetValue<string>())]),
        _ => value.GetValue<string>(),
    };

    private static string LabelsOf(FieldDefinition field, IReadOnlyList<string> chosen)
    {
        var values = field.Settings is PicklistSettings settings ? settings.Values : [];
        return string.Join(", ", chosen.Select(c =>
            values.FirstOrDefault(v => v.ApiName == c) is { } known ? string.Join(" / ", known.Label.Values.Distinct(StringComparer.Ordinal)) : c));
    }

    /// <summary>
    /// One signature per live field (<c>fieldId:hash</c> of what its rows depend on: entity, type, picklist labels), so
    /// a stored set can be compared with the current metadata.
    /// </summary>
    public static Dictionary<Guid, string> Signatures(MetadataSnapshot snapshot) =>
        snapshot.Entities.SelectMany(e => e.Fields.Select(f => (e, f))).ToDictionary(p => p.f.Id, p => Hash(p.e, p.f));

    public static Dictionary<Guid, string> Parse(string stored) =>
        stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split(':')).Where(p => p.Length == 2 && Guid.TryParse(p[0], out _))
            .ToDictionary(p => Guid.Parse(p[0]), p => p[1]);

    public static string Write(IReadOnlyDictionary<Guid, string> signatures) =>
        string.Join(' ', signatures.OrderBy(s => s.Key).Select(s => $"{s.Key:N}:{s.Value}"));

    /// <summary>
    /// Compares the stored signatures with the current ones. A field that is new since (never changed after it was
    /// created) only joins the set: its values came through the write observer. A changed field, or one that came back
    /// from deletion, needs a rebuild. A field that is gone is marked so; its rows are no longer needed.
    /// </summary>
    public static SignatureChange Compare(IReadOnlyDictionary<Guid, string> stored, MetadataSnapshot snapshot)
    {
        var current = Signatures(snapshot);
        var fields = snapshot.Entities.SelectMany(e => e.Fields).ToDictionary(f => f.Id);
        var merged = new Dictionary<Guid, string>(current);
        var rebuild = false;
        foreach (var (id, signature) in current)
        {
            if (stored.TryGetValue(id, out var before))
            {
                rebuild |= before != signature;
            }
            else
            {
                rebuild |= fields[id].ModifiedAt != fields[id].CreatedAt;
            }
        }

        var gone = stored.Keys.Where(id => !current.ContainsKey(id)).ToList();
        foreach (var id in gone)
        {
            merged[id] = Gone;
        }

        return new SignatureChange(rebuild, merged, [.. gone.Where(id => stored[id] != Gone)]);
    }

    private static string Hash(EntityDefinition entity, FieldDefinition field)
    {
        var text = new StringBuilder().Append(entity.Id).Append('|').Append(field.Type);
        if (field.Settings is PicklistSettings picklist)
        {
            foreach (var value in picklist.Values)
            {
                text.Append('|').Append(value.ApiName).Append('=').AppendJoin(',', value.Label.Select(l => $"{l.Key}:{l.Value}"));
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}

/// <summary>The outcome of comparing signatures: whether to rebuild, the set to store, the fields whose rows can go.</summary>
internal sealed record SignatureChange(bool Rebuild, IReadOnlyDictionary<Guid, string> Signatures, IReadOnlyList<Guid> Gone);
