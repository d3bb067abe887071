using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saas.Platform.Persistence;

namespace Saas.Platform.Tests.Persistence;

/// <summary>The migrations of every provider match the model, and the SQL Server script creates what the model needs.</summary>
public sealed class MigrationsShould
{
    private const string SqlServer = "Server=localhost;Database=saas;Trusted_Connection=True;TrustServerCertificate=True";

    public static TheoryData<DatabaseProvider, string> Providers => new()
    {
        { DatabaseProvider.Sqlite, "Data Source=:memory:" },
        { DatabaseProvider.PostgreSql, "Host=localhost;Database=saas" },
        { DatabaseProvider.SqlServer, SqlServer },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Leave_no_model_change_without_a_migration(DatabaseProvider provider, string connectionString)
    {
        using var catalog = DesignTime.CreateCatalog(provider, connectionString);
        using var tenant = DesignTime.CreateTenant(provider, connectionString);

        Assert.False(catalog.Database.HasPendingModelChanges(), $"{provider}: the catalog model changed without a migration (dotnet ef migrations add).");
        Assert.False(tenant.Database.HasPendingModelChanges(), $"{provider}: the tenant model changed without a migration (dotnet ef migrations add).");
    }

    [Fact]
    public void Script_the_sql_server_catalog_idempotently_with_its_tables_and_indexes()
    {
        using var catalog = DesignTime.CreateCatalog(DatabaseProvider.SqlServer, SqlServer);

        var script = IdempotentScript(catalog);

        Assert.Contains("CREATE TABLE [Tenants]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [ApiKeys]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Tenants_Identifier] ON [Tenants] ([Identifier])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ApiKeys_Hash] ON [ApiKeys] ([Hash])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_ApiKeys_TenantId_CreatedAt] ON [ApiKeys] ([TenantId], [CreatedAt])", script, StringComparison.Ordinal);
        Assert.Contains("[__CatalogMigrations]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_the_sql_server_tenant_tables_with_tenant_leading_indexes()
    {
        using var tenant = DesignTime.CreateTenant(DatabaseProvider.SqlServer, SqlServer);

        var script = IdempotentScript(tenant);

        Assert.Contains("CREATE TABLE [AuditEntries]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_AuditEntries_TenantId_At] ON [AuditEntries] ([TenantId], [At])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_MetadataEntities_TenantId_NormalizedApiName] ON [MetadataEntities] ([TenantId], [NormalizedApiName])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_MetadataFields_TenantId_EntityId_NormalizedApiName] ON [MetadataFields] ([TenantId], [EntityId], [NormalizedApiName])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [MetadataVersions]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Records]", script, StringComparison.Ordinal);
        Assert.Contains("[Version] int NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_Records_TenantId_EntityId_DeletedAt] ON [Records] ([TenantId], [EntityId], [DeletedAt])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [RecordValues]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordValues_TenantId_FieldId_TextValue_RecordId] ON [RecordValues] ([TenantId], [FieldId], [TextValue], [RecordId])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordValues_TenantId_FieldId_NumberValue_RecordId] ON [RecordValues] ([TenantId], [FieldId], [NumberValue], [RecordId])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordValues_TenantId_FieldId_DateValue_RecordId] ON [RecordValues] ([TenantId], [FieldId], [DateValue], [RecordId])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordValues_TenantId_FieldId_GuidValue_RecordId] ON [RecordValues] ([TenantId], [FieldId], [GuidValue], [RecordId])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordValues_TenantId_FieldId_TextValue_RecordId] ON [RecordValues] ([TenantId], [FieldId], [TextValue], [RecordId]) WHERE \"TextValue\" IS NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [RecordUniques]", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_RecordUniques] PRIMARY KEY ([TenantId], [FieldId], [NormalizedValue])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [RecordHistory]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_RecordHistory_TenantId_RecordId_Version] ON [RecordHistory] ([TenantId], [RecordId], [Version])", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_AutoNumberCounters] PRIMARY KEY ([TenantId], [FieldId])", script, StringComparison.Ordinal);
        Assert.Contains("[__TenantMigrations]", script, StringComparison.Ordinal);
    }

    /// <summary>
    /// CI also writes these scripts with the dotnet-ef tool (infra/scripts/test.sh sets SAAS_SQLSERVER_SCRIPTS);
    /// when it did, the files must hold the same tables.
    /// </summary>
    [Fact]
    public void Match_the_scripts_the_dotnet_ef_tool_wrote()
    {
        var folder = Environment.GetEnvironmentVariable("SAAS_SQLSERVER_SCRIPTS");
        if (string.IsNullOrEmpty(folder))
        {
            Assert.Skip("SAAS_SQLSERVER_SCRIPTS is not set: the dotnet-ef scripts were not generated in this run.");
        }

        var catalog = File.ReadAllText(Path.Combine(folder, "catalog.sql"));
        var tenant = File.ReadAllText(Path.Combine(folder, "tenant.sql"));

        Assert.Contains("CREATE TABLE [Tenants]", catalog, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_ApiKeys_Hash]", catalog, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AuditEntries]", tenant, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_AuditEntries_TenantId_At]", tenant, StringComparison.Ordinal);
    }

    private static string IdempotentScript(DbContext context) =>
        context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
}
