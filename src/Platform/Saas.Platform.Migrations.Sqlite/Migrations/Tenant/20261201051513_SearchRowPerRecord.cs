using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
{
    /// <summary>
    /// One search row per record instead of one per field. The rows are emptied (every tenant's index is rebuilt on its
    /// next search, as the row format changed) and the full-text table is made again, without the per-document sizes
    /// only ranking functions read (columnsize=0): the search ranks in memory.
    /// </summary>
    public partial class SearchRowPerRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropFullText);
            migrationBuilder.Sql("""DELETE FROM "SearchEntries";""");
            migrationBuilder.DropIndex(
                name: "IX_SearchEntries_TenantId_FieldId",
                table: "SearchEntries");

            migrationBuilder.RenameColumn(
                name: "FieldId",
                table: "SearchEntries",
                newName: "Fields");
            migrationBuilder.Sql(CreateFullText("columnsize=0"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropFullText);
            migrationBuilder.Sql("""DELETE FROM "SearchEntries";""");
            migrationBuilder.RenameColumn(
                name: "Fields",
                table: "SearchEntries",
                newName: "FieldId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_TenantId_FieldId",
                table: "SearchEntries",
                columns: new[] { "TenantId", "FieldId" });
            migrationBuilder.Sql(CreateFullText(null));
        }

        private const string DropFullText = """
            DROP TRIGGER IF EXISTS "SearchEntries_au";
            DROP TRIGGER IF EXISTS "SearchEntries_ad";
            DROP TRIGGER IF EXISTS "SearchEntries_ai";
            DROP TABLE IF EXISTS "SearchEntriesFts";
            """;

        private static string CreateFullText(string options) => $"""
            CREATE VIRTUAL TABLE "SearchEntriesFts" USING fts5("Text", content='SearchEntries', content_rowid='Id', tokenize='trigram'{(options is null ? "" : ", " + options)});
            CREATE TRIGGER "SearchEntries_ai" AFTER INSERT ON "SearchEntries" BEGIN
                INSERT INTO "SearchEntriesFts"(rowid, "Text") VALUES (new."Id", new."Text");
            END;
            CREATE TRIGGER "SearchEntries_ad" AFTER DELETE ON "SearchEntries" BEGIN
                INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Text") VALUES ('delete', old."Id", old."Text");
            END;
            CREATE TRIGGER "SearchEntries_au" AFTER UPDATE ON "SearchEntries" BEGIN
                INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Text") VALUES ('delete', old."Id", old."Text");
                INSERT INTO "SearchEntriesFts"(rowid, "Text") VALUES (new."Id", new."Text");
            END;
            """;
    }
}
