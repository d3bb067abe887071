using Microsoft.EntityFrameworkCore.Migrations;

namespace Saas.Platform.Migrations.PostgreSql;

/// <summary>
/// Row-level security for tenant tables: a row is visible and writable only while <c>app.tenant_id</c> (set by
/// <c>SET LOCAL</c> before every command of the tenant context) names its tenant. FORCE makes the policy bind the
/// table's owner too, which is the role the platform connects as. Every migration that creates a tenant table calls
/// <see cref="EnableTenantRowLevelSecurity"/>; a test fails when a tenant table lacks it.
/// </summary>
internal static class RowLevelSecurity
{
    private const string CurrentTenant = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";

    public static void EnableTenantRowLevelSecurity(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"""
            ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;
            ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON "{table}"
                USING ("TenantId" = {CurrentTenant})
                WITH CHECK ("TenantId" = {CurrentTenant});
            """);
    }

    public static void DisableTenantRowLevelSecurity(this MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"""
            DROP POLICY IF EXISTS tenant_isolation ON "{table}";
            ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY;
            ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;
            """);
    }
}
