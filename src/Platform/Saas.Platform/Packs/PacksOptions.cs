namespace Saas.Platform.Packs;

/// <summary>Settings of the <c>Packs</c> section.</summary>
public sealed class PacksOptions
{
    public const string Section = "Packs";

    /// <summary>
    /// Folders holding one pack folder each (named by the pack's id). Default: <c>Verticals</c> next to the web host's
    /// binaries, where the build copies <c>src/Verticals</c>.
    /// </summary>
    public List<string> CatalogPaths { get; set; } = [];

    /// <summary>
    /// The packs the demo tenant gets at start-up, with sample data (when the demo tenant is seeded), comma-separated
    /// in order; empty for none. A string rather than a list, because binding appends a list to its defaults.
    /// </summary>
    public string DemoPacks { get; set; } = "core,retail";
}
