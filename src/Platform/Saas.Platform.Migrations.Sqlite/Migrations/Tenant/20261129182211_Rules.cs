using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class Rules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MetadataRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApiName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NormalizedApiName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ErrorCondition = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: false),
                    ErrorField = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ModifiedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetadataRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MetadataRules_MetadataEntities_TenantId_EntityId",
                        columns: x => new { x.TenantId, x.EntityId },
                        principalTable: "MetadataEntities",
                        principalColumns: new[] { "TenantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MetadataRules_TenantId_EntityId_NormalizedApiName",
                table: "MetadataRules",
                columns: new[] { "TenantId", "EntityId", "NormalizedApiName" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetadataRules");
        }
    }
}
