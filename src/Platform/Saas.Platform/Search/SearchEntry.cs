using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Search;

/// <summary>
/// The searchable texts of one live record, in one row: every searched field's text in <see cref="Text"/>, and in
/// <see cref="Fields"/> which field each part is (see <see cref="SearchFields.Pack"/>), so a search counts a match only
/// through a field the caller may read. One row per record, not per field with a text, keeps an import's writes down.
/// The integer key is the row id the SQLite full-text table refers to.
/// </summary>
internal sealed class SearchEntry : ITenantOwned, IBulkRow
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>The fields whose texts <see cref="Text"/> holds, in order, with the length of each.</summary>
    public required string Fields { get; init; }

    public required string Text { get; init; }
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public const string Table = "SearchEntries";

    public void Configure(EntityTypeBuilder<SearchEntry> entry)
    {
        // On SQLite, AFTER triggers copy each row into the FTS5 table; RETURNING cannot be used on such a table.
        entry.ToTable(Table, t => t.UseSqlReturningClause(false));
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedOnAdd();
        entry.HasIndex(e => new { e.TenantId, e.RecordId });
    }
}

/// <summary>
/// What the tenant's search index was built for: the format of its rows and a signature per field, so a search can
/// tell when a metadata change (a type change, new picklist labels, a field back from deletion) needs a rebuild.
/// </summary>
internal sealed class SearchIndexState : ITenantOwned
{
    public Guid TenantId { get; set; }

    public int Format { get; set; }

    public long MetadataVersion { get; set; }

    /// <summary>Field signatures, <c>fieldId:hash</c> separated by spaces (see <see cref="SearchFields.Signatures"/>).</summary>
    public required string Fields { get; set; }

    public DateTimeOffset BuiltAt { get; set; }

    /// <summary>Grows with every change; two searches that both try to rebuild collide on it and only one rebuilds.</summary>
    public int Version { get; set; }
}

internal sealed class SearchIndexStateConfiguration : IEntityTypeConfiguration<SearchIndexState>
{
    public void Configure(EntityTypeBuilder<SearchIndexState> state)
    {
        state.ToTable("SearchIndexStates");
        state.HasKey(s => s.TenantId);
        state.Property(s => s.TenantId).ValueGeneratedNever();
        state.Property(s => s.Version).IsConcurrencyToken();
    }
}
