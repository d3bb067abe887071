using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class SharedViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SharedViews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Entity = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApiName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Columns = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Filter = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OrderBy = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedViews", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SharedViews_TenantId_Entity_ApiName",
                table: "SharedViews",
                columns: new[] { "TenantId", "Entity", "ApiName" },
                unique: true);

            migrationBuilder.EnableTenantRowLevelSecurity("SharedViews");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SharedViews");
        }
    }
}
