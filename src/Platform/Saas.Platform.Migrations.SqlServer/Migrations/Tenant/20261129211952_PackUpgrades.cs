using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.SqlServer.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class PackUpgrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Base",
                table: "PackComponents",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeprecatedAt",
                table: "PackComponents",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Previous",
                table: "PackComponents",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousVersion",
                table: "InstalledPacks",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpgradedAt",
                table: "InstalledPacks",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PackExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PackId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Entity = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Records = table.Column<int>(type: "int", nullable: false),
                    Content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackExports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PackExports_TenantId_PackId_CreatedAt",
                table: "PackExports",
                columns: new[] { "TenantId", "PackId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PackExports");

            migrationBuilder.DropColumn(
                name: "Base",
                table: "PackComponents");

            migrationBuilder.DropColumn(
                name: "DeprecatedAt",
                table: "PackComponents");

            migrationBuilder.DropColumn(
                name: "Previous",
                table: "PackComponents");

            migrationBuilder.DropColumn(
                name: "PreviousVersion",
                table: "InstalledPacks");

            migrationBuilder.DropColumn(
                name: "UpgradedAt",
                table: "InstalledPacks");
        }
    }
}
