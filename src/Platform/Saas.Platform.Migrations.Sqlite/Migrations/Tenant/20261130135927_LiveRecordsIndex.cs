using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class LiveRecordsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_DeletedAt_CreatedAt_Id",
                table: "Records");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_CreatedAt_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "CreatedAt", "Id" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_DeletedAt",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "DeletedAt" },
                filter: "\"DeletedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_CreatedAt_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_DeletedAt",
                table: "Records");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_DeletedAt_CreatedAt_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "DeletedAt", "CreatedAt", "Id" });
        }
    }
}
