using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    FieldId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchIndexStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Format = table.Column<int>(type: "integer", nullable: false),
                    MetadataVersion = table.Column<long>(type: "bigint", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    BuiltAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.EnableTenantRowLevelSecurity("SearchEntries");
            migrationBuilder.EnableTenantRowLevelSecurity("SearchIndexStates");

            // pg_trgm is a trusted extension: the database's owner (the app's role, not a superuser) may create it.
            // Its GIN index serves ILIKE '%words%' for three characters and more.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX "IX_SearchEntries_Text_Trigram" ON "SearchEntries" USING gin ("Text" gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_SearchEntries_Text_Trigram";""");
            migrationBuilder.DisableTenantRowLevelSecurity("SearchIndexStates");
            migrationBuilder.DisableTenantRowLevelSecurity("SearchEntries");

            migrationBuilder.DropTable(
                name: "SearchEntries");

            migrationBuilder.DropTable(
                name: "SearchIndexStates");
        }
    }
}
