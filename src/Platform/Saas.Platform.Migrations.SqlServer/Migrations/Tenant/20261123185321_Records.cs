using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.SqlServer.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class Records : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AutoNumberCounters",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FieldId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LastValue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoNumberCounters", x => new { x.TenantId, x.FieldId });
                });

            migrationBuilder.CreateTable(
                name: "RecordHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ChangeId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Field = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    OldValue = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    NewValue = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ChangedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DeletedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Data = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecordUniques",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FieldId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    NormalizedValue = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordUniques", x => new { x.TenantId, x.FieldId, x.NormalizedValue });
                });

            migrationBuilder.CreateTable(
                name: "RecordValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FieldId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TextValue = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    NumberValue = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: true),
                    DateValue = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    BoolValue = table.Column<bool>(type: "bit", nullable: true),
                    GuidValue = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordValues", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordHistory_TenantId_RecordId_Version",
                table: "RecordHistory",
                columns: new[] { "TenantId", "RecordId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_DeletedAt",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordUniques_TenantId_RecordId",
                table: "RecordUniques",
                columns: new[] { "TenantId", "RecordId" });

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

            migrationBuilder.CreateIndex(
                name: "IX_RecordValues_TenantId_RecordId",
                table: "RecordValues",
                columns: new[] { "TenantId", "RecordId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutoNumberCounters");

            migrationBuilder.DropTable(
                name: "RecordHistory");

            migrationBuilder.DropTable(
                name: "Records");

            migrationBuilder.DropTable(
                name: "RecordUniques");

            migrationBuilder.DropTable(
                name: "RecordValues");
        }
    }
}
