using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using UUIDNext;

namespace Saas.Platform.Packs;

/// <summary>
/// Uninstalls a pack: refused while another installed pack builds on it, or while its entities hold records unless
/// the caller asks to export them first. The entities, and the fields the pack added to other packs' entities, are
/// soft-deleted (restorable through the metadata API, their records and values kept), the provenance rows and the pack's
/// permission sets removed.
/// </summary>
internal sealed partial class PackInstaller
{
    public async Task<PackUninstallOutcome> UninstallAsync(string id, bool exportAndDelete, string actor, CancellationToken cancellationToken)
    {
        if (await db.InstalledPacks.FirstOrDefaultAsync(p => p.PackId == id, cancellationToken) is not { } installed)
        {
            return new(null, PackInstallOutcome.NotFound($"The pack '{id}' is not installed in this tenant."), null);
        }

        var dependents = (await db.InstalledPacks.AsNoTracking().Where(p => p.PackId != id).ToListAsync(cancellationToken))
            .Where(p => packs.Find(p.PackId, p.Version)?.Pack?.Manifest.Dependencies?.ContainsKey(id) == true).Select(p => p.PackId).ToList();
        if (dependents.Count > 0)
        {
            return new(null, PackInstallOutcome.Conflict("Needed by another pack", $"The installed packs {string.Join(", ", dependents)} build on '{id}'; uninstall them first."), null);
        }

        var ids = await db.PackComponents.Where(c => c.PackId == id && c.Kind == PackComponentKinds.Entity).Select(c => c.ComponentId).ToListAsync(cancellationToken);
        var stored = await db.MetadataEntities.Where(e => ids.Contains(e.Id) && e.DeletedAt == null).OrderBy(e => e.ApiName).ToListAsync(cancellationToken);
        var liveIds = stored.Select(e => e.Id).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entity in stored)
        {
            counts[entity.ApiName] = await db.Records.CountAsync(r => r.EntityId == entity.Id && r.DeletedAt == null, cancellationToken);
        }

        if (counts.Where(c => c.Value > 0).ToList() is { Count: > 0 } holding && !exportAndDelete)
        {
            return new(null, PackInstallOutcome.Conflict("Pack entities hold records",
                $"The entities of '{id}' hold records: {string.Join(", ", holding.Select(h => $"{h.Key} ({h.Value})"))}. Send exportAndDelete=true to export them as CSV and then uninstall."), counts);
        }

        // Fields the pack added to other packs' entities (extensions) go with it; they do not hold the uninstall back.
        var fieldIds = await db.PackComponents.Where(c => c.PackId == id && c.Kind == PackComponentKinds.Field).Select(c => c.ComponentId).ToListAsync(cancellationToken);
        var extensionFields = await db.MetadataFields.AsNoTracking().Where(f => fieldIds.Contains(f.Id) && f.DeletedAt == null && !liveIds.Contains(f.EntityId))
            .Join(db.MetadataEntities, f => f.EntityId, e => e.Id, (f, e) => new { f.Id, Entity = e.ApiName, Field = f.ApiName }).ToListAsync(cancellationToken);
        var extensionIds = extensionFields.Select(f => f.Id).ToList();
        var lookups = await db.MetadataFields.AsNoTracking()
            .Where(f => f.DeletedAt == null && f.TargetEntityId != null && liveIds.Contains(f.TargetEntityId.Value) && !liveIds.Contains(f.EntityId) && !extensionIds.Contains(f.Id))
            .Join(db.MetadataEntities.Where(e => e.DeletedAt == null), f => f.EntityId, e => e.Id, (f, e) => e.ApiName + "." + f.ApiName).ToListAsync(cancellationToken);
        if (lookups.Count > 0)
        {
            return new(null, PackInstallOutcome.Conflict("Pack entities are lookup targets",
                $"The lookup fields {string.Join(", ", lookups)} point to entities of '{id}'; delete them first."), counts);
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var exports = new List<PackExportResponse>();
            foreach (var entity in stored.Where(e => counts[e.ApiName] > 0))
            {
                var export = await ExportAsync(id, entity, counts[entity.ApiName], actor, now, cancellationToken);
                exports.Add(new(export.Id, export.Entity, export.Records));
            }

            await DeleteWorkflowsAsync(id, actor, cancellationToken);
            foreach (var field in extensionFields)
            {
                var deleted = await fields.DeleteAsync(field.Entity, field.Field, purge: false, actor, cancellationToken);
                if (!deleted.Succeeded)
                {
                    await RollBackAsync(transaction, cancellationToken);
                    return new(null, new PackInstallOutcome(null, null, deleted.Status, deleted.Title, $"{deleted.Detail} Nothing was uninstalled."), counts);
                }
            }

            await changes.BeginAsync(cancellationToken);
            await RemoveLayoutsAsync(id, cancellationToken);
            foreach (var entity in stored)
            {
                entity.DeletedAt = entity.ModifiedAt = now;
            }

            var outcome = await changes.CommitAsync(actor, [.. stored.Select(e => new MetadataNote("metadata.entity.deleted", e.ApiName, $"pack {id} uninstalled"))], cancellationToken);
            if (!outcome.Succeeded)
            {
                await RollBackAsync(transaction, cancellationToken);
                return new(null, new PackInstallOutcome(null, null, outcome.Status, outcome.Title, outcome.Detail), counts);
            }

            await RemoveViewsAsync(id, cancellationToken);
            await RemoveDashboardsAsync(id, cancellationToken);
            var components = await db.PackComponents.Where(c => c.PackId == id).ToListAsync(cancellationToken);
            var sets = components.Where(c => c.Kind == PackComponentKinds.PermissionSet).Select(c => c.ComponentId).ToList();
            db.PackComponents.RemoveRange(components);
            db.InstalledPacks.Remove(installed);
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(actor, "pack.uninstalled", id,
                $"version {installed.Version}; {stored.Count} entities deleted, {exports.Sum(e => e.Records)} records exported", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();

            await catalog.RolePermissionSets.Where(r => sets.Contains(r.PermissionSetId)).ExecuteDeleteAsync(cancellationToken);
            await catalog.PermissionSets.Where(s => sets.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("Pack {Pack} uninstalled from tenant {Tenant}", id, tenants.Tenant!.Identifier);
            return new(new PackUninstallReport(id, installed.Version, [.. stored.Select(e => e.ApiName)], exports), null, counts);
        }
        catch
        {
            await RollBackAsync(transaction, CancellationToken.None);
            throw;
        }
    }

    public Task<PackExport?> FindExportAsync(Guid exportId, CancellationToken cancellationToken) =>
        db.PackExports.AsNoTracking().FirstOrDefaultAsync(e => e.Id == exportId, cancellationToken);

    /// <summary>Every live record of the entity as CSV: id, name, created and each live field by api name, values as the API shows them.</summary>
    private async Task<PackExport> ExportAsync(string packId, StoredEntity entity, int count, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fieldRows = await db.MetadataFields.AsNoTracking().Where(f => f.EntityId == entity.Id && f.DeletedAt == null)
            .OrderBy(f => f.DisplayOrder).ThenBy(f => f.ApiName).ToListAsync(cancellationToken);
        await using var text = new StringWriter();
        await using (var csv = CsvWriter.Create(text, CsvWriterOptions.Default, true))
        {
            csv.WriteHeader(["id", "name", "createdAt", "createdBy", .. fieldRows.Select(f => f.ApiName)]);
            await foreach (var record in db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt == null).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
                               .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                var values = RecordData.Read(record.Data);
                csv.WriteField(record.Id.ToString());
                csv.WriteField(record.Name ?? string.Empty);
                csv.WriteField(record.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                csv.WriteField(record.CreatedBy);
                foreach (var field in fieldRows)
                {
                    csv.WriteField(Cell(values.GetValueOrDefault(field.Id)));
                }

                await csv.EndRecordAsync(cancellationToken);
            }
        }

        var export = new PackExport
        {
            Id = Uuid.NewSequential(), PackId = packId, Entity = entity.ApiName, Records = count, Content = text.ToString(), CreatedAt = now, CreatedBy = actor,
        };
        db.PackExports.Add(export);
        return export;
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray list => string.Join(';', list.Select(Cell)),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
