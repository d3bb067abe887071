using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Catalog
{
    /// <inheritdoc />
    public partial class ApiKeyRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "ApiKeys",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "admin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Role",
                table: "ApiKeys");
        }
    }
}
