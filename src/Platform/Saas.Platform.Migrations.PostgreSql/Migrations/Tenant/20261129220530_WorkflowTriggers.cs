using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class WorkflowTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowDateFirings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    DateValue = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: true),
                    FiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowDateFirings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowHooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowHooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowTimers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowTimers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowDateFirings_TenantId_WorkflowId_RecordId_DateValue",
                table: "WorkflowDateFirings",
                columns: new[] { "TenantId", "WorkflowId", "RecordId", "DateValue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowHooks_TenantId_WorkflowId_Kind",
                table: "WorkflowHooks",
                columns: new[] { "TenantId", "WorkflowId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimers_TenantId_DueAt",
                table: "WorkflowTimers",
                columns: new[] { "TenantId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimers_TenantId_WorkflowId",
                table: "WorkflowTimers",
                columns: new[] { "TenantId", "WorkflowId" },
                unique: true);

            migrationBuilder.EnableTenantRowLevelSecurity("WorkflowTimers");
            migrationBuilder.EnableTenantRowLevelSecurity("WorkflowDateFirings");
            migrationBuilder.EnableTenantRowLevelSecurity("WorkflowHooks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowLevelSecurity("WorkflowHooks");
            migrationBuilder.DisableTenantRowLevelSecurity("WorkflowDateFirings");
            migrationBuilder.DisableTenantRowLevelSecurity("WorkflowTimers");

            migrationBuilder.DropTable(
                name: "WorkflowDateFirings");

            migrationBuilder.DropTable(
                name: "WorkflowHooks");

            migrationBuilder.DropTable(
                name: "WorkflowTimers");
        }
    }
}
