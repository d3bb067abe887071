using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
{
    /// <summary>
    /// One search row per record instead of one per field. The rows in the old format are replaced by the rebuild every
    /// tenant's index gets before its next search reads it (the row format changed).
    /// </summary>
    public partial class SearchRowPerRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SearchEntries_TenantId_FieldId",
                table: "SearchEntries");

            migrationBuilder.DropColumn(
                name: "FieldId",
                table: "SearchEntries");

            migrationBuilder.AddColumn<string>(
                name: "Fields",
                table: "SearchEntries",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Fields",
                table: "SearchEntries");

            migrationBuilder.AddColumn<Guid>(
                name: "FieldId",
                table: "SearchEntries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_TenantId_FieldId",
                table: "SearchEntries",
                columns: new[] { "TenantId", "FieldId" });
        }
    }
}
