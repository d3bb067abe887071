using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApiName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    NormalizedApiName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ErrorCondition = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ErrorMessage = table.Column<string>(type: "text", nullable: false),
                    ErrorField = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.EnableTenantRowLevelSecurity("MetadataRules");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetadataRules");
        }
    }
}
