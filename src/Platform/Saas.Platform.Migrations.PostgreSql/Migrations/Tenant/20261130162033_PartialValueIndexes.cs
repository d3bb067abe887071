using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class PartialValueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_BoolValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_DateValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_GuidValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_NumberValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_TextValue_RecordId",
                table: "RecordValues");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_BoolValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "BoolValue", "RecordId" },
                filter: "\"BoolValue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_DateValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "DateValue", "RecordId" },
                filter: "\"DateValue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_GuidValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "GuidValue", "RecordId" },
                filter: "\"GuidValue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_NumberValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "NumberValue", "RecordId" },
                filter: "\"NumberValue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_TextValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "TextValue", "RecordId" },
                filter: "\"TextValue\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_BoolValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_DateValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_GuidValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_NumberValue_RecordId",
                table: "RecordValues");

            migrationBuilder.DropIndex(
                name: "IX_RecordValues_TenantId_FieldId_TextValue_RecordId",
                table: "RecordValues");

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_BoolValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "BoolValue", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_DateValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "DateValue", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_GuidValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "GuidValue", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_NumberValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "NumberValue", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_FieldId_TextValue_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "FieldId", "TextValue", "RecordId" });
        }
    }
}
