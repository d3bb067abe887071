using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saas.Platform.Migrations.PostgreSql.Migrations.Tenant
{
    /// <summary>
    /// Sets the tenant for a statement outside a transaction. <c>SET LOCAL</c> there works (the statement's implicit
    /// transaction lasts until the end of its round trip) but makes the server log a warning each time, and
    /// <c>SELECT set_config(...)</c> would answer a result set of its own; a procedure call does neither.
    /// </summary>
    public partial class TenantSettingProcedure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE PROCEDURE app_set_tenant(tenant text) LANGUAGE sql
                    AS $$ SELECT set_config('app.tenant_id', tenant, true) $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP PROCEDURE app_set_tenant(text);");
        }
    }
}
