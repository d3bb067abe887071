using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeprecatedAt",
                table: "PackComponents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Previous",
                table: "PackComponents",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousVersion",
                table: "InstalledPacks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpgradedAt",
                table: "InstalledPacks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PackExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    PackId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Entity = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Records = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackExports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PackExports_TenantId_PackId_CreatedAt",
                table: "PackExports",
                columns: new[] { "TenantId", "PackId", "CreatedAt" });

            migrationBuilder.EnableTenantRowLevelSecurity("PackExports");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowLevelSecurity("PackExports");
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
