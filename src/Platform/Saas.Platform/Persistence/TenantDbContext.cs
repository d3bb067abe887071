using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Bulk;
using Saas.Platform.Layouts;
using Saas.Platform.Metadata;
using Saas.Platform.Notifications;
using Saas.Platform.Packs;
using Saas.Platform.Records;
using Saas.Platform.Reports;
using Saas.Platform.Search;
using Saas.Platform.Tenancy;
using Saas.Platform.Views;
using Saas.Platform.Workflows;

namespace Saas.Platform.Persistence;

/// <summary>
/// Tenant data. A shared tenant's rows live in the platform database, a dedicated tenant's in its own;
/// either way every query is filtered to the current tenant and every save is checked against it.
/// </summary>
public sealed class TenantDbContext : DbContext
{
    private readonly ITenantAccessor tenants;

    /// <summary>
    /// One constructor, taking the options only, so that EF Core can pool the context (see <see cref="ContextPools"/>).
    /// The tenant accessor comes from the application's services; without them (design time, migrations) no tenant is current.
    /// </summary>
    public TenantDbContext(DbContextOptions<TenantDbContext> options)
        : base(options)
    {
        tenants = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<ITenantAccessor>() ?? new AmbientTenant();

        // Every save runs in a transaction, even a single statement: on PostgreSQL the tenant setting for row-level
        // security is made at the start of the transaction (see PostgresTenantSetting).
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    /// <summary>The name of the query filter on every tenant-owned entity, for <c>IgnoreQueryFilters([TenantFilter])</c>.</summary>
    public const string TenantFilter = "Tenant";

    internal DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    internal DbSet<StoredEntity> MetadataEntities => Set<StoredEntity>();

    internal DbSet<StoredField> MetadataFields => Set<StoredField>();

    internal DbSet<MetadataVersion> MetadataVersions => Set<MetadataVersion>();

    internal DbSet<StoredRule> MetadataRules => Set<StoredRule>();

    internal DbSet<StoredLayout> Layouts => Set<StoredLayout>();

    internal DbSet<StoredRecord> Records => Set<StoredRecord>();

    internal DbSet<RecordValue> RecordValues => Set<RecordValue>();

    internal DbSet<RecordUnique> RecordUniques => Set<RecordUnique>();

    internal DbSet<RecordChange> RecordHistory => Set<RecordChange>();

    internal DbSet<AutoNumberCounter> AutoNumberCounters => Set<AutoNumberCounter>();

    internal DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();

    internal DbSet<SearchIndexState> SearchIndexStates => Set<SearchIndexState>();

    internal DbSet<InstalledPack> InstalledPacks => Set<InstalledPack>();

    internal DbSet<PackComponent> PackComponents => Set<PackComponent>();

    internal DbSet<PackExport> PackExports => Set<PackExport>();

    internal DbSet<StoredWorkflow> Workflows => Set<StoredWorkflow>();

    internal DbSet<StoredWorkflowVersion> WorkflowVersions => Set<StoredWorkflowVersion>();

    internal DbSet<StoredRun> WorkflowRuns => Set<StoredRun>();

    internal DbSet<StoredRunStep> WorkflowRunSteps => Set<StoredRunStep>();

    internal DbSet<StoredRunEffect> WorkflowEffects => Set<StoredRunEffect>();

    internal DbSet<StoredTriggerEvent> WorkflowTriggerLog => Set<StoredTriggerEvent>();

    internal DbSet<StoredWorkflowTimer> WorkflowTimers => Set<StoredWorkflowTimer>();

    internal DbSet<StoredDateFiring> WorkflowDateFirings => Set<StoredDateFiring>();

    internal DbSet<StoredWorkflowHook> WorkflowHooks => Set<StoredWorkflowHook>();

    internal DbSet<BulkJob> BulkJobs => Set<BulkJob>();

    internal DbSet<BulkJobError> BulkJobErrors => Set<BulkJobError>();

    internal DbSet<BulkJobUpload> BulkJobUploads => Set<BulkJobUpload>();

    internal DbSet<SavedView> SavedViews => Set<SavedView>();

    internal DbSet<NavigationEntry> NavigationEntries => Set<NavigationEntry>();

    internal DbSet<SharedView> SharedViews => Set<SharedView>();

    internal DbSet<Notification> Notifications => Set<Notification>();

    internal DbSet<Dashboard> Dashboards => Set<Dashboard>();

    /// <summary>Read by the query filter at query time, so one cached model serves every tenant.</summary>
    internal Guid? CurrentTenantId => tenants.Tenant?.Id;

    /// <summary>
    /// A savepoint set just before a unit of work whose single write, if refused, undoes the whole unit (a workflow
    /// step): the write rolls back to it instead of setting and releasing its own, two round trips fewer. The first
    /// write takes it, so a later or nested write sets its own.
    /// </summary>
    internal string? CoveringSavepoint { get; set; }

    /// <summary>Statements waiting for the transaction's next statement (see <see cref="Persistence.DeferredStatements"/>).</summary>
    internal List<string> DeferredStatements { get; } = [];

    /// <summary>A pooled context goes back to its pool here: what this class keeps besides EF Core's state is cleared too.</summary>
    public override ValueTask DisposeAsync()
    {
        ForgetWork();
        return base.DisposeAsync();
    }

    public override void Dispose()
    {
        ForgetWork();
        base.Dispose();
    }

    private void ForgetWork()
    {
        CoveringSavepoint = null;
        DeferredStatements.Clear();
        StagedRows.Clear();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        PlatformConventions.Apply(configurationBuilder, Database);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new StoredEntityConfiguration());
        modelBuilder.ApplyConfiguration(new StoredFieldConfiguration());
        modelBuilder.ApplyConfiguration(new MetadataVersionConfiguration());
        modelBuilder.ApplyConfiguration(new StoredRuleConfiguration());
        modelBuilder.ApplyConfiguration(new StoredLayoutConfiguration());
        modelBuilder.ApplyConfiguration(new StoredRecordConfiguration());
        modelBuilder.ApplyConfiguration(new RecordValueConfiguration());
        modelBuilder.ApplyConfiguration(new RecordUniqueConfiguration());
        modelBuilder.ApplyConfiguration(new RecordChangeConfiguration());
        modelBuilder.ApplyConfiguration(new AutoNumberCounterConfiguration());
        modelBuilder.ApplyConfiguration(new SearchEntryConfiguration());
        modelBuilder.ApplyConfiguration(new SearchIndexStateConfiguration());
        modelBuilder.ApplyConfiguration(new InstalledPackConfiguration());
        modelBuilder.ApplyConfiguration(new PackComponentConfiguration());
        modelBuilder.ApplyConfiguration(new PackExportConfiguration());
        modelBuilder.ApplyConfiguration(new StoredWorkflowConfiguration());
        modelBuilder.ApplyConfiguration(new StoredWorkflowVersionConfiguration());
        modelBuilder.ApplyConfiguration<StoredRun>(new WorkflowRunConfigurations());
        modelBuilder.ApplyConfiguration<StoredRunStep>(new WorkflowRunConfigurations());
        modelBuilder.ApplyConfiguration<StoredRunEffect>(new WorkflowRunConfigurations());
        modelBuilder.ApplyConfiguration<StoredTriggerEvent>(new WorkflowRunConfigurations());
        modelBuilder.ApplyConfiguration<StoredWorkflowTimer>(new WorkflowTriggerConfigurations());
        modelBuilder.ApplyConfiguration<StoredDateFiring>(new WorkflowTriggerConfigurations());
        modelBuilder.ApplyConfiguration<StoredWorkflowHook>(new WorkflowTriggerConfigurations());
        modelBuilder.ApplyConfiguration(new BulkJobConfiguration());
        modelBuilder.ApplyConfiguration(new BulkJobErrorConfiguration());
        modelBuilder.ApplyConfiguration(new BulkJobUploadConfiguration());
        modelBuilder.ApplyConfiguration<SavedView>(new SavedViewConfiguration());
        modelBuilder.ApplyConfiguration<NavigationEntry>(new SavedViewConfiguration());
        modelBuilder.ApplyConfiguration(new SharedViewConfiguration());
        modelBuilder.ApplyConfiguration(new NotificationConfiguration());
        modelBuilder.ApplyConfiguration(new DashboardConfiguration());

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            var row = Expression.Parameter(entity.ClrType, "row");
            var rowTenant = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(Guid?));
            var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, Expression.Lambda(Expression.Equal(rowTenant, current), row));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (StagedRows.Count > 0)
        {
            throw new InvalidOperationException("Rows staged for AddedRows are inserted by SaveChangesAsync or AddedRows.InsertAsync, not by SaveChanges.");
        }

        var autoDetect = DetectOnce();
        try
        {
            StampTenant();
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (StagedRows.Count > 0)
        {
            return await SaveWithStagedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var autoDetect = DetectOnce();
        try
        {
            StampTenant();
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Stamps added rows with the current tenant and refuses rows of another tenant; every save does it first. Call it
    /// with changes detected: it sets the tenant through the change tracker, so no second pass of detection is needed.
    /// </summary>
    internal void StampTenant()
    {
        TenantInfo? tenant = null;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            tenant ??= tenants.Tenant ?? throw new TenantMismatchException("Tenant data cannot be saved without a current tenant.");
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Property<Guid>(nameof(ITenantOwned.TenantId)).CurrentValue = tenant.Id;
                continue;
            }

            var property = entry.Property<Guid>(nameof(ITenantOwned.TenantId));
            if (entry.Entity.TenantId != tenant.Id || (entry.State != EntityState.Added && property.OriginalValue != tenant.Id))
            {
                throw new TenantMismatchException(
                    $"A {entry.Metadata.ClrType.Name} of tenant {property.OriginalValue} cannot be saved while tenant {tenant.Identifier} ({tenant.Id}) is current.");
            }
        }
    }

    /// <summary>
    /// New rows staged for <see cref="AddedRows"/> outside the change tracker (a new record's record, index, unique and
    /// history rows): the next <see cref="AddedRows.InsertAsync"/> inserts them, and <see cref="AddedRows.Forget"/>
    /// drops them where a failed write clears the change tracker.
    /// </summary>
    internal List<IBulkRow> StagedRows { get; } = [];

    /// <summary>Rows staged for <see cref="AddedRows"/> and not inserted yet go in with the save, in its transaction, so no write path loses them.</summary>
    private async Task<int> SaveWithStagedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            await AddedRows.InsertAsync(this, cancellationToken);
            return await SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await AddedRows.InsertAsync(this, cancellationToken);
        var saved = await SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    /// <summary>Stamps staged rows with the current tenant and refuses rows of another tenant, as <see cref="StampTenant()"/> does for tracked ones.</summary>
    internal void StampTenant(IEnumerable<ITenantOwned> rows)
    {
        TenantInfo? tenant = null;
        foreach (var row in rows)
        {
            tenant ??= tenants.Tenant ?? throw new TenantMismatchException("Tenant data cannot be saved without a current tenant.");
            if (row.TenantId == Guid.Empty)
            {
                row.TenantId = tenant.Id;
            }
            else if (row.TenantId != tenant.Id)
            {
                throw new TenantMismatchException($"A {row.GetType().Name} of tenant {row.TenantId} cannot be saved while tenant {tenant.Identifier} ({tenant.Id}) is current.");
            }
        }
    }

    /// <summary>
    /// Detects changes once for a save (stamping the tenant and EF Core's own save would each do it again) and turns the
    /// automatic detection off until the save ends; answers whether it was on.
    /// </summary>
    private bool DetectOnce()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        return autoDetect;
    }
}
