using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.Sqlite.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class BulkJobUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BulkJobUploads",
                columns: table => new
                {
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkJobUploads", x => x.JobId);
                });

            // The uploads of jobs still to run move to the new table; a finished job's upload is no longer needed.
            migrationBuilder.Sql("""
                INSERT INTO "BulkJobUploads" ("JobId", "TenantId", "Payload")
                SELECT "Id", "TenantId", "Payload" FROM "BulkJobs" WHERE "Status" IN ('queued', 'running')
                """);

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "BulkJobs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "BulkJobs",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE "BulkJobs" SET "Payload" = (SELECT u."Payload" FROM "BulkJobUploads" AS u WHERE u."JobId" = "BulkJobs"."Id")
                WHERE EXISTS (SELECT 1 FROM "BulkJobUploads" AS u WHERE u."JobId" = "BulkJobs"."Id")
                """);

            migrationBuilder.DropTable(
                name: "BulkJobUploads");
        }
    }
}
