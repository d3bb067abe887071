using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Access;
using Saas.Platform.Audit;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Packs;

/// <summary>
/// Installs a pack of the catalog into the current tenant in one transaction of the tenant's database: entities and
/// fields through the metadata editors, sample data through the record service, workflows through the workflow
/// definitions (published), provenance rows and audit entries;
/// any failure rolls all of it back. Permission sets live in the catalog database: they are checked inside the
/// transaction and written right after it commits.
/// </summary>
internal sealed partial class PackInstaller(
    TenantDbContext db,
    CatalogDbContext catalog,
    PackCatalog packs,
    EntityEditor entities,
    FieldEditor fields,
    RuleEditor ruleEditor,
    Layouts.LayoutEditor layoutEditor,
    IMetadataService metadata,
    MetadataChanges changes,
    IRecordService records,
    Workflows.WorkflowDefinitions workflows,
    CallerAccess caller,
    IAuditLog audit,
    ITenantAccessor tenants,
    TimeProvider clock,
    ILogger<PackInstaller> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<InstalledPackResponse>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.InstalledPacks.AsNoTracking().OrderBy(p => p.InstalledAt).ToListAsync(cancellationToken)).Select(p => ToResponse(p, null))];

    public async Task<InstalledPackResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (await db.InstalledPacks.AsNoTracking().FirstOrDefaultAsync(p => p.PackId == id, cancellationToken) is not { } pack)
        {
            return null;
        }

        var components = await db.PackComponents.AsNoTracking().Where(c => c.PackId == id)
            .OrderBy(c => c.Kind).ThenBy(c => c.Name).Select(c => new PackComponentResponse(c.Kind, c.Name, c.ComponentId, c.DeprecatedAt)).ToListAsync(cancellationToken);
        return ToResponse(pack, components);
    }

    public async Task<PackInstallOutcome> InstallAsync(InstallPackRequest request, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Id))
        {
            return PackInstallOutcome.Invalid([new("request", "id", "Name the pack to install (its id in the catalog).")]);
        }

        if (packs.Find(request.Id, request.Version) is not { } found)
        {
            return PackInstallOutcome.NotFound($"The catalog has no pack '{request.Id}'{(request.Version is null ? string.Empty : $" at version {request.Version}")}.");
        }

        if (!found.IsValid)
        {
            return PackInstallOutcome.Invalid(found.Problems, $"The pack '{request.Id}' does not pass validation.");
        }

        var pack = found.Pack!;
        if (await db.InstalledPacks.AsNoTracking().FirstOrDefaultAsync(i => i.PackId == pack.Id, cancellationToken) is { } installed)
        {
            return PackInstallOutcome.Conflict("Pack installed", $"The pack '{pack.Id}' is installed already (version {installed.Version}).");
        }

        if (await MissingDependencyAsync(pack, cancellationToken) is { } missing)
        {
            return missing;
        }

        return await InstallInTransactionAsync(pack, found.Dependencies, request.SampleData == true, actor, cancellationToken);
    }

    private async Task<PackInstallOutcome?> MissingDependencyAsync(PackDefinition pack, CancellationToken cancellationToken)
    {
        var installed = await db.InstalledPacks.AsNoTracking().ToDictionaryAsync(p => p.PackId, p => p.Version, cancellationToken);
        foreach (var (id, range) in pack.Manifest.Dependencies ?? new Dictionary<string, string>())
        {
            if (!installed.TryGetValue(id, out var version))
            {
                return PackInstallOutcome.Conflict("Dependency not installed", $"The pack '{pack.Id}' builds on '{id}' ({range}); install '{id}' first.");
            }

            if (SemVersion.TryParse(version) is not { } at || VersionRange.TryParse(range)?.Contains(at) != true)
            {
                return PackInstallOutcome.Conflict("Dependency version", $"The pack '{pack.Id}' needs '{id}' {range}; the tenant has version {version}.");
            }
        }

        return null;
    }

    private async Task<PackInstallOutcome> InstallInTransactionAsync(
        PackDefinition pack, IReadOnlyList<PackDefinition> dependencies, bool sampleData, string actor, CancellationToken cancellationToken)
    {
        var scope = new PackScope(pack, dependencies);
        var run = new InstallRun(pack, scope, actor, clock.GetUtcNow());
        run.Workflows.AddRange(pack.Workflows);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var failure = await CreateMetadataAsync(run, cancellationToken)
                ?? await RecordProvenanceAsync(run, cancellationToken)
                ?? await CreateRulesAsync(run, RulesOf(pack), null, cancellationToken)
                ?? await CreateLayoutsAsync(run, pack.Layouts, null, cancellationToken)
                ?? (sampleData ? await CreateSampleDataAsync(run, cancellationToken) : null)
                ?? await CreateViewsAsync(run, ViewsOf(pack), null, cancellationToken)
                ?? await CreateDashboardsAsync(run, pack.Dashboards, null, cancellationToken)
                ?? await CreateWorkflowsAsync(run, null, cancellationToken)
                ?? await PreparePermissionSetsAsync(run, cancellationToken);
            if (failure is not null)
            {
                await RollBackAsync(transaction, cancellationToken);
                return failure;
            }

            var row = new InstalledPack
            {
                Id = Uuid.NewSequential(), PackId = pack.Id, Version = pack.Version, Publisher = pack.Manifest.Publisher,
                Name = JsonSerializer.Serialize(pack.Manifest.Name, Json),
                Description = pack.Manifest.Description is null ? null : JsonSerializer.Serialize(pack.Manifest.Description, Json),
                SampleData = sampleData, InstalledAt = run.Now, InstalledBy = actor,
            };
            db.InstalledPacks.Add(row);
            db.PackComponents.AddRange(run.Components);
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(actor, "pack.installed", pack.Id,
                $"version {pack.Version}; {run.Components.Count(c => c.Kind == PackComponentKinds.Entity)} entities, {run.Components.Count(c => c.Kind == PackComponentKinds.Field)} fields, " +
                $"{run.Components.Count(c => c.Kind == PackComponentKinds.Record)} sample records, {run.Components.Count(c => c.Kind == PackComponentKinds.Workflow)} workflows, {run.Components.Count(c => c.Kind == PackComponentKinds.Dashboard)} dashboards, {run.Sets.Count} permission sets", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();

            await WritePermissionSetsAsync(run, cancellationToken);
            logger.LogInformation("Pack {Pack} {Version} installed in tenant {Tenant}", pack.Id, pack.Version, tenants.Tenant!.Identifier);
            return new PackInstallOutcome(ToResponse(row, null), null, 201, null, null);
        }
        catch
        {
            await RollBackAsync(transaction, CancellationToken.None);
            throw;
        }
    }

    private async Task RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction == transaction)
        {
            await transaction.RollbackAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        db.ChangeTracker.Clear();
    }

    private static InstalledPackResponse ToResponse(InstalledPack pack, IReadOnlyList<PackComponentResponse>? components) =>
        new(pack.PackId, pack.Version, pack.Publisher,
            JsonSerializer.Deserialize<Dictionary<string, string>>(pack.Name, Json)!,
            pack.Description is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(pack.Description, Json),
            pack.SampleData, pack.InstalledAt, pack.InstalledBy, components, pack.PreviousVersion, pack.UpgradedAt);

    /// <summary>What one install gathers on its way: provenance rows, sample records by key, permission sets to write.</summary>
    private sealed class InstallRun(PackDefinition pack, PackScope scope, string actor, DateTimeOffset now)
    {
        public PackDefinition Pack { get; } = pack;

        public PackScope Scope { get; } = scope;

        public string Actor { get; } = actor;

        public DateTimeOffset Now { get; } = now;

        public List<PackComponent> Components { get; } = [];

        public Dictionary<(string Entity, string Key), Guid> Keys { get; } = [];

        public List<(PermissionSet Set, IReadOnlyList<string> Roles)> Sets { get; } = [];

        /// <summary>The workflows to create: all of the pack's on install, the new ones on upgrade.</summary>
        public List<PackWorkflow> Workflows { get; } = [];

        /// <summary>The shared list views to create: all of the pack's on install, the new ones on upgrade.</summary>
        public List<(PackViewFile File, PackView View)> Views { get; } = [];

        /// <summary>The validation rules to create on upgrade (an install creates all of the pack's).</summary>
        public List<(PackEntity Entity, PackRule Rule, int Index)> Rules { get; } = [];

        /// <summary>The form layouts to save on upgrade (an install saves all of the pack's).</summary>
        public List<PackLayout> Layouts { get; } = [];

        /// <summary>The dashboards to create on upgrade (an install creates all of the pack's).</summary>
        public List<PackDashboard> Dashboards { get; } = [];

        public PackComponent Component(string kind, string name, Guid id, string? definition) => new()
        {
            Id = Uuid.NewSequential(), PackId = Pack.Id, Version = Pack.Version, Kind = kind, Name = name, ComponentId = id, Definition = definition,
        };

        /// <summary>
        /// Records a component the install created, with the publisher's values it merges from on upgrade; one an
        /// upgrade from <paramref name="previousVersion"/> added is marked so, and a rollback of that upgrade deletes it.
        /// </summary>
        public void Added(string kind, string name, Guid id, string definition, string @base, string? previousVersion)
        {
            var component = Component(kind, name, id, definition);
            component.Base = @base;
            if (previousVersion is not null)
            {
                component.Previous = JsonSerializer.Serialize(new PackComponentState(previousVersion, null, false, null), Json);
            }

            Components.Add(component);
        }
    }
}
