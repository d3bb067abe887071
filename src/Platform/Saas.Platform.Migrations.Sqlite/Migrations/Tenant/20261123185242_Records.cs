using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
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
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastValue = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoNumberCounters", x => new { x.TenantId, x.FieldId });
                });

            migrationBuilder.CreateTable(
                name: "RecordHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChangeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OldValue = table.Column<string>(type: "TEXT", nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecordUniques",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NormalizedValue = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordUniques", x => new { x.TenantId, x.FieldId, x.NormalizedValue });
                });

            migrationBuilder.CreateTable(
                name: "RecordValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TextValue = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    NumberValue = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: true),
                    DateValue = table.Column<long>(type: "INTEGER", nullable: true),
                    BoolValue = table.Column<bool>(type: "INTEGER", nullable: true),
                    GuidValue = table.Column<Guid>(type: "TEXT", nullable: true)
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
