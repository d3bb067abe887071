namespace Saas.Platform.Packs;

/// <summary>
/// A form layout of <c>layouts/{entity}.yaml</c>: the sections of an entity the pack defines (or one of its dependencies
/// defines, when that dependency ships no layout of it), in order; <see cref="File"/> is where it was read from.
/// </summary>
public sealed record PackLayout(string Entity, IReadOnlyList<PackLayoutSection> Sections)
{
    public string File { get; init; } = string.Empty;
}

/// <summary>A section: its api name, its title per culture (<c>en</c> required), 1 or 2 columns (1 when left out) and its fields in order.</summary>
public sealed record PackLayoutSection(string ApiName, IReadOnlyDictionary<string, string> Label, int? Columns, IReadOnlyList<string> Fields);
