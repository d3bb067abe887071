using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeprecatedAt",
                table: "PackComponents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Previous",
                table: "PackComponents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousVersion",
                table: "InstalledPacks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UpgradedAt",
                table: "InstalledPacks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PackExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PackId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Entity = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Records = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
