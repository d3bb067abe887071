namespace Saas.Platform.Packs;

/// <summary>
/// A file of <c>views/{entity}.yaml</c>: the shared list views the pack publishes for one entity (its own or a
/// dependency's). <see cref="Entity"/> is the file's name without <c>.yaml</c>.
/// </summary>
public sealed record PackViewFile(IReadOnlyList<PackView> Views)
{
    public string Entity { get; init; } = string.Empty;

    public string File { get; init; } = string.Empty;
}

/// <summary>A shared list view: api name, label per culture, columns, OData filter and order, and whether the list opens with it.</summary>
public sealed record PackView(
    string ApiName, IReadOnlyDictionary<string, string> Label, IReadOnlyList<string>? Columns = null, string? Filter = null, string? OrderBy = null, bool? Default = null);
