using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.SqlServer.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class RecordSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Date0",
                table: "Records",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Date1",
                table: "Records",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Date2",
                table: "Records",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Date3",
                table: "Records",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Date4",
                table: "Records",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Number0",
                table: "Records",
                type: "decimal(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Number1",
                table: "Records",
                type: "decimal(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Number2",
                table: "Records",
                type: "decimal(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Number3",
                table: "Records",
                type: "decimal(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Number4",
                table: "Records",
                type: "decimal(28,10)",
                precision: 28,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text0",
                table: "Records",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text1",
                table: "Records",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text2",
                table: "Records",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text3",
                table: "Records",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text4",
                table: "Records",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "IndexSlot",
                table: "MetadataFields",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Date0_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Date0", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Date0\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Date1_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Date1", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Date1\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Date2_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Date2", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Date2\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Date3_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Date3", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Date3\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Date4_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Date4", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Date4\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Number0_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Number0", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Number0\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Number1_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Number1", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Number1\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Number2_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Number2", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Number2\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Number3_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Number3", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Number3\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Number4_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Number4", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Number4\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Text0_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Text0", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Text0\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Text1_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Text1", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Text1\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Text2_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Text2", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Text2\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Text3_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Text3", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Text3\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_TenantId_EntityId_Text4_Id",
                table: "Records",
                columns: new[] { "TenantId", "EntityId", "Text4", "Id" },
                filter: "\"DeletedAt\" IS NULL AND \"Text4\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Date0_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Date1_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Date2_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Date3_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Date4_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Number0_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Number1_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Number2_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Number3_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Number4_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Text0_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Text1_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Text2_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Text3_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_TenantId_EntityId_Text4_Id",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Date0",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Date1",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Date2",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Date3",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Date4",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Number0",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Number1",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Number2",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Number3",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Number4",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Text0",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Text1",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Text2",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Text3",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "Text4",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "IndexSlot",
                table: "MetadataFields");
        }
    }
}
