using System.ComponentModel.DataAnnotations;

namespace Saas.Platform.Bulk;

/// <summary>Limits of bulk imports (section <c>Bulk</c>), published in the API documentation.</summary>
public sealed class BulkOptions
{
    public const string Section = "Bulk";

    /// <summary>The largest upload accepted, in bytes; a larger one is a 413.</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxUploadBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The most rows one upload may hold; more is a 400.</summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Rows written per transaction by the job.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>The most refused values a dry run lists; it still counts them all.</summary>
    [Range(1, 100_000)]
    public int PreviewErrors { get; set; } = 100;

    /// <summary>How many of the upload's first rows a dry run shows as the import reads them.</summary>
    [Range(0, 1000)]
    public int PreviewRows { get; set; } = 5;
}
