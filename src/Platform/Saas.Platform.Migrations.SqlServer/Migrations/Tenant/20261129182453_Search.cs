using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.SqlServer.Migrations.Tenant
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
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FieldId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchIndexStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Format = table.Column<int>(type: "int", nullable: false),
                    MetadataVersion = table.Column<long>(type: "bigint", nullable: false),
                    Fields = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    BuiltAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
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

            // No full-text index here: SQL Server cannot create a full-text catalog or index inside a transaction, and
            // migrations run in one. Search is a LIKE over SearchEntries (see SearchMatch); a full-text index can be
            // added by hand outside a migration when a tenant's volume needs it.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchEntries");

            migrationBuilder.DropTable(
                name: "SearchIndexStates");
        }
    }
}
