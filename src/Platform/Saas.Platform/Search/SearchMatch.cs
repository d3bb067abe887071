using System.Text;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Search;

/// <summary>
/// The one place that turns the words of a search into a query over the tenant's search rows. Every branch starts
/// from <c>db.SearchEntries</c>, whose tenant query filter EF Core applies (also around raw SQL), so no search can
/// reach another tenant's rows; the SQLite full-text table yields only row ids, never rows. The words are always a
/// parameter, never SQL or FTS5 syntax.
/// <list type="bullet">
/// <item>SQLite: FTS5 with the trigram tokenizer, the words as one quoted phrase (a substring match, case-insensitive,
/// Chinese included). Trigrams need three characters, so a shorter search is a LIKE over the same rows.</item>
/// <item>PostgreSQL: ILIKE, served by a pg_trgm GIN index (three characters and more; shorter ones scan).</item>
/// <item>SQL Server: LIKE (case-insensitive under the default collation), without an index: full-text catalogs cannot
/// be created inside a migration's transaction.</item>
/// </list>
/// </summary>
internal static class SearchMatch
{
    public const string FullTextTable = "SearchEntriesFts";

    private const string Escape = "\\";

    public static IQueryable<SearchEntry> Matching(TenantDbContext db, string words)
    {
        if (db.Database.IsSqlite() && words.EnumerateRunes().Count() >= 3)
        {
            var phrase = "\"" + words.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            return db.SearchEntries.FromSql(
                $"SELECT * FROM \"SearchEntries\" WHERE \"Id\" IN (SELECT rowid FROM \"SearchEntriesFts\" WHERE \"SearchEntriesFts\" MATCH {phrase})");
        }

        var pattern = "%" + Escaped(words, db.Database.IsSqlServer()) + "%";
        return db.Database.IsNpgsql()
            ? db.SearchEntries.Where(e => EF.Functions.ILike(e.Text, pattern, Escape))
            : db.SearchEntries.Where(e => EF.Functions.Like(e.Text, pattern, Escape));
    }

    /// <summary>LIKE's wildcards as plain characters; SQL Server also reads <c>[</c> as the start of a character class.</summary>
    private static string Escaped(string words, bool brackets)
    {
        var text = new StringBuilder(words.Length + 8);
        foreach (var c in words)
        {
            if (c is '%' or '_' or '\\' || (brackets && c == '['))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
