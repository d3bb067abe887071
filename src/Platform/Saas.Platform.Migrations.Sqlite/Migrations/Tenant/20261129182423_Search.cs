using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchIndexStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Format = table.Column<int>(type: "INTEGER", nullable: false),
                    MetadataVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    BuiltAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchIndexStates", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_TenantId_FieldId",
                table: "SearchEntries",
                columns: new[] { "TenantId", "FieldId" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_TenantId_RecordId",
                table: "SearchEntries",
                columns: new[] { "TenantId", "RecordId" });

            // The full-text index: an FTS5 table with the trigram tokenizer (substring matches, Chinese included) over
            // the rows of SearchEntries (external content, keyed by its integer id), kept in step by triggers in the
            // same transaction as every write. It holds no tenant: searches reach it only through SearchEntries.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchEntriesFts" USING fts5("Text", content='SearchEntries', content_rowid='Id', tokenize='trigram');
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "SearchEntries_au";
                DROP TRIGGER IF EXISTS "SearchEntries_ad";
                DROP TRIGGER IF EXISTS "SearchEntries_ai";
                DROP TABLE IF EXISTS "SearchEntriesFts";
                """);

            migrationBuilder.DropTable(
                name: "SearchEntries");

            migrationBuilder.DropTable(
                name: "SearchIndexStates");
        }
    }
}
