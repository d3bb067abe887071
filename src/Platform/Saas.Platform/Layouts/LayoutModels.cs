using System.Collections.Immutable;

namespace Saas.Platform.Layouts;

/// <summary>One section of a form: an api name, its title in each culture, one or two columns and its fields in order.</summary>
public sealed record LayoutSection(string ApiName, ImmutableSortedDictionary<string, string> Label, int Columns, IReadOnlyList<string> Fields);

/// <summary>
/// An entity's effective form layout: the stored sections (without fields deleted since), then a trailing section with
/// the live fields no section places, if any. <see cref="IsDefault"/> is true when no layout is stored (one section
/// with every field in display order).
/// </summary>
public sealed record EntityLayout(string Entity, bool IsDefault, IReadOnlyList<LayoutSection> Sections, DateTimeOffset? ModifiedAt);

/// <summary>The body of <c>PUT .../layout</c>: the sections in order.</summary>
public sealed record LayoutRequest(IReadOnlyList<LayoutSectionRequest?>? Sections);

/// <summary>One section as sent; <see cref="Columns"/> defaults to 1.</summary>
public sealed record LayoutSectionRequest(string? ApiName, Dictionary<string, string?>? Label, int? Columns, IReadOnlyList<string?>? Fields);
