using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
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
                    JobId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkJobUploads", x => x.JobId);
                });

            // The uploads of jobs still to run move to the new table; a finished job's upload is no longer needed. The
            // policy binds the owner this runs as, and no tenant is set: it is lifted for the copy, in the migration's
            // transaction.
            migrationBuilder.Sql("""
                ALTER TABLE "BulkJobs" NO FORCE ROW LEVEL SECURITY;
                INSERT INTO "BulkJobUploads" ("JobId", "TenantId", "Payload")
                SELECT "Id", "TenantId", "Payload" FROM "BulkJobs" WHERE "Status" IN ('queued', 'running');
                ALTER TABLE "BulkJobs" FORCE ROW LEVEL SECURITY;
                """);
            migrationBuilder.EnableTenantRowLevelSecurity("BulkJobUploads");

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
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.DisableTenantRowLevelSecurity("BulkJobUploads");
            migrationBuilder.Sql("""
                ALTER TABLE "BulkJobs" NO FORCE ROW LEVEL SECURITY;
                UPDATE "BulkJobs" SET "Payload" = (SELECT u."Payload" FROM "BulkJobUploads" AS u WHERE u."JobId" = "BulkJobs"."Id")
                WHERE EXISTS (SELECT 1 FROM "BulkJobUploads" AS u WHERE u."JobId" = "BulkJobs"."Id");
                ALTER TABLE "BulkJobs" FORCE ROW LEVEL SECURITY;
                """);

            migrationBuilder.DropTable(
                name: "BulkJobUploads");
        }
    }
}
