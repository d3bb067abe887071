using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>Creates, changes, deletes, restores and purges the fields of a live entity of the current tenant.</summary>
internal sealed class FieldEditor(
    TenantDbContext db, StoredRows rows, MetadataChanges changes, FieldValidator validator, ExpressionRules expressions, RollupRules rollups,
    IEnumerable<IFieldConversion> conversions, TimeProvider clock)
{
    public async Task<MetadataOutcome> CreateAsync(string entityName, FieldRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        if (await rows.FindEntityAsync(entityName, cancellationToken) is not { DeletedAt: null } entity)
        {
            return EntityEditor.EntityNotFound(entityName);
        }

        var problems = new Problems();
        var draft = await ResolveRollupAsync(entity.Id, await validator.ValidateAsync(request, existing: null, prefix: string.Empty, problems, cancellationToken), problems, cancellationToken);
        if (draft is not null)
        {
            var fields = await expressions.LiveFieldsAsync(entity.Id, cancellationToken);
            expressions.Check(entity.Id, [.. fields.Where(f => !string.Equals(f.ApiName, draft.ApiName, StringComparison.OrdinalIgnoreCase)), FieldShape.Of(draft, string.Empty)], problems);
        }

        if (problems.Any || draft is null)
        {
            return MetadataOutcome.Invalid(problems);
        }

        if (await rows.FindFieldAsync(entity.Id, draft.ApiName, cancellationToken) is { } taken)
        {
            return MetadataOutcome.Conflict("Field exists", taken.DeletedAt is null
                ? $"The entity '{entity.ApiName}' already has a field '{taken.ApiName}'; api names are unique in any case."
                : $"The deleted field '{taken.ApiName}' still holds this name; restore it, or purge it to free the name.");
        }

        var field = rows.NewField(draft, entity.Id, clock.GetUtcNow());
        field.IndexSlot = IndexSlots.For(field.Type, field.Indexed, null, field.Id, await db.MetadataFields.Where(f => f.EntityId == entity.Id).ToListAsync(cancellationToken));
        db.MetadataFields.Add(field);

        // A purged field's values may still be in the slot's column: they go in the same transaction as the new field.
        await using var transaction = await JoinableTransaction.BeginAsync(db, cancellationToken);
        if (IndexSlots.ColumnOf(field.Type, field.Indexed, field.IndexSlot) is { } column)
        {
            foreach (var conversion in conversions)
            {
                await conversion.ClearSlotAsync(entity.Id, column, cancellationToken);
            }
        }

        var outcome = await changes.CommitAsync(actor, [new("metadata.field.created", $"{entity.ApiName}.{draft.ApiName}", $"type {draft.Type}")], cancellationToken);
        if (outcome.Succeeded)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return outcome;
    }

    public async Task<MetadataOutcome> UpdateAsync(string entityName, string fieldName, FieldRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var (entity, field, notFound) = await FindAsync(entityName, fieldName, deleted: false, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var problems = new Problems();
        var draft = await validator.ValidateAsync(request, field, prefix: string.Empty, problems, cancellationToken);
        if (request.Settings is not null)
        {
            draft = await ResolveRollupAsync(entity!.Id, draft, problems, cancellationToken);
        }

        if (draft is not null)
        {
            var fields = await expressions.LiveFieldsAsync(entity!.Id, cancellationToken);
            expressions.Check(entity.Id, [.. fields.Where(f => f.ApiName != field!.ApiName), FieldShape.Of(draft, string.Empty)], problems);
        }

        if (problems.Any || draft is null)
        {
            return MetadataOutcome.Invalid(problems);
        }

        var converted = string.Empty;
        var slot = field!.IndexSlot;
        if (draft.Type != field.Type)
        {
            var (refused, details) = await ChangeTypeAsync(entity!, field, draft, actor, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            converted = details;
        }
        else if (draft.Flags.Indexed != field.Indexed || draft.Flags.Unique != field.Unique)
        {
            // The field's index and unique rows follow its flags at once: indexed now filters every record, and unique
            // now is refused while two records share a value.
            var (refused, _) = await ConvertAsync(entity!, field, field.Type, draft, actor, "unique", "share a value", cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
        }

        var changed = StoredRows.Apply(draft, field);
        if (converted.Length > 0)
        {
            changed.Insert(0, converted);
        }

        if (slot is not null && field.IndexSlot != slot && await FillFreeSlotsAsync(entity!, actor, cancellationToken) is { Count: > 0 } slotted)
        {
            changed.Add($"its slot column now holds {string.Join(", ", slotted)}");
        }

        if (changed.Count == 0)
        {
            return MetadataOutcome.Done;
        }

        field.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.field.updated", $"{entity!.ApiName}.{field.ApiName}", $"changed {string.Join(", ", changed)}")], cancellationToken);
    }

    public async Task<MetadataOutcome> DeleteAsync(string entityName, string fieldName, bool purge, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var (entity, field, notFound) = await FindAsync(entityName, fieldName, deleted: purge ? null : false, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var target = $"{entity!.ApiName}.{field!.ApiName}";
        if (!purge && expressions.FormulasReading(entity.Id, await expressions.LiveFieldsAsync(entity.Id, cancellationToken), field.ApiName) is { Count: > 0 } formulas)
        {
            return MetadataOutcome.Conflict("Field is read by formulas",
                $"The formula fields {string.Join(", ", formulas.Select(f => $"{entity.ApiName}.{f}"))} read '{target}'; change or delete them first.");
        }

        if (!purge && await rollups.RollupsUsingAsync(entity.ApiName, field.ApiName, cancellationToken) is { Count: > 0 } usedBy)
        {
            return MetadataOutcome.Conflict("Field is used by roll-ups",
                $"The roll-up fields {string.Join(", ", usedBy)} read '{target}' (as their lookup, aggregated field or filter); change or delete them first.");
        }

        if (!purge && await expressions.RulesUsingAsync(entity.Id, await expressions.LiveFieldsAsync(entity.Id, cancellationToken), field.ApiName, cancellationToken) is { Count: > 0 } rules)
        {
            return MetadataOutcome.Conflict("Field is used by validation rules",
                $"The validation rules {string.Join(", ", rules.Select(r => $"{entity.ApiName}.{r}"))} read '{target}' or show their error on it; change or delete them first.");
        }

        if (!purge)
        {
            field.DeletedAt = field.ModifiedAt = clock.GetUtcNow();
            return await changes.CommitAsync(actor, [new("metadata.field.deleted", target)], cancellationToken);
        }

        if (field.DeletedAt is null)
        {
            return MetadataOutcome.Conflict("Field not deleted", $"Delete the field '{target}' before purging it; purge removes only deleted fields.");
        }

        db.MetadataFields.Remove(field);
        var slotted = field.IndexSlot is null ? [] : await FillFreeSlotsAsync(entity, actor, cancellationToken);
        return await changes.CommitAsync(actor, [new("metadata.field.purged", target, slotted.Count == 0 ? null : $"its slot column now holds {string.Join(", ", slotted)}")], cancellationToken);
    }

    /// <summary>
    /// Gives the entity's free slot columns (see <see cref="IndexSlots"/>) to the live indexed fields waiting for one of
    /// their kind (beyond five of a kind, or indexed before slots existed), in display order, and moves their values
    /// there in this change's unit of work. Answers the fields that took one.
    /// </summary>
    private async Task<List<string>> FillFreeSlotsAsync(StoredEntity entity, string actor, CancellationToken cancellationToken)
    {
        var fields = (await db.MetadataFields.Where(f => f.EntityId == entity.Id).ToListAsync(cancellationToken))
            .Where(f => db.Entry(f).State != EntityState.Deleted).ToList();
        var waiting = fields.Where(f => f is { DeletedAt: null, Indexed: true, IndexSlot: null } && IndexSlots.KindOf(f.Type) is not null)
            .OrderBy(f => f.DisplayOrder).ThenBy(f => f.ApiName, StringComparer.Ordinal).ToList();
        var slotted = new List<string>();
        foreach (var field in waiting)
        {
            if (IndexSlots.For(field.Type, field.Indexed, null, field.Id, fields) is not { } slot)
            {
                continue;
            }

            // The field keeps its type, settings and flags, so its values all convert; a refusal would leave it waiting.
            var settings = MetadataJson.ReadSettings(field.Type, field.Settings);
            var refused = false;
            foreach (var conversion in conversions)
            {
                refused |= (await conversion.ConvertAsync(entity.Id, field.Id, field.Type, settings, field.Indexed, field.Unique, slot, actor, cancellationToken)).Failed > 0;
            }

            if (!refused)
            {
                field.IndexSlot = slot;
                slotted.Add(field.ApiName);
            }
        }

        return slotted;
    }

    public async Task<MetadataOutcome> RestoreAsync(string entityName, string fieldName, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var (entity, field, notFound) = await FindAsync(entityName, fieldName, deleted: null, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var target = $"{entity!.ApiName}.{field!.ApiName}";
        if (field.DeletedAt is null)
        {
            return MetadataOutcome.Conflict("Field not deleted", $"The field '{target}' is not deleted.");
        }

        if (field.TargetEntityId is { } targetId && targetId != entity.Id
            && await db.MetadataEntities.AsNoTracking().Where(e => e.Id == targetId).Select(e => new { e.ApiName, e.DeletedAt }).FirstOrDefaultAsync(cancellationToken) is { DeletedAt: not null } lookupTarget)
        {
            return MetadataOutcome.Conflict("Lookup target is deleted", $"The field '{target}' points to the deleted entity '{lookupTarget.ApiName}'; restore that entity first.");
        }

        if (MetadataJson.ReadSettings(field.Type, field.Settings) is FormulaSettings formula
            && expressions.CompileFormula(ExpressionScope.Of(entity.Id, (await expressions.LiveFieldsAsync(entity.Id, cancellationToken)).Select(f => (f.ApiName, f.Type, f.Settings))), field.ApiName, formula).Error is { } error)
        {
            return MetadataOutcome.Conflict("Formula does not compile", $"The formula '{target}' no longer compiles against the entity's live fields: {error.Message} Restore the fields it reads first.");
        }

        field.DeletedAt = null;
        field.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.field.restored", target)], cancellationToken);
    }

    /// <summary>
    /// Converts the records' values to the draft's type, in this change's unit of work; refused while a roll-up or a
    /// validation rule uses the field, or when a value cannot convert (400 with the count and a few record ids).
    /// </summary>
    private async Task<(MetadataOutcome? Refused, string Details)> ChangeTypeAsync(StoredEntity entity, StoredField field, FieldDraft draft, string actor, CancellationToken cancellationToken)
    {
        var target = $"{entity.ApiName}.{field.ApiName}";
        if (await rollups.RollupsUsingAsync(entity.ApiName, field.ApiName, cancellationToken) is { Count: > 0 } usedBy)
        {
            return (MetadataOutcome.Conflict("Field is used by roll-ups", $"The roll-up fields {string.Join(", ", usedBy)} read '{target}'; change or delete them before changing its type."), string.Empty);
        }

        if (await expressions.RulesUsingAsync(entity.Id, await expressions.LiveFieldsAsync(entity.Id, cancellationToken), field.ApiName, cancellationToken) is { Count: > 0 } rules)
        {
            return (MetadataOutcome.Conflict("Field is used by validation rules",
                $"The validation rules {string.Join(", ", rules.Select(r => $"{entity.ApiName}.{r}"))} read '{target}' or show their error on it; change or delete them before changing its type."), string.Empty);
        }

        var (refused, rewritten) = await ConvertAsync(entity, field, draft.Type, draft, actor, "type", $"hold values that cannot become {draft.Type}", cancellationToken);
        if (refused is not null)
        {
            return (refused, string.Empty);
        }

        var from = field.Type;
        field.Type = draft.Type;
        return (null, $"type {from} to {draft.Type} ({rewritten} records rewritten)");
    }

    /// <summary>
    /// Converts the field's values in every record to <paramref name="type"/> with the draft's settings and flags, in
    /// this change's unit of work: a 400 on <paramref name="key"/> with the count and a few record ids when some cannot;
    /// else how many records were rewritten. With the field's own type it only rebuilds its index and unique rows.
    /// </summary>
    private async Task<(MetadataOutcome? Refused, int Rewritten)> ConvertAsync(
        StoredEntity entity, StoredField field, string type, FieldDraft draft, string actor, string key, string refusal, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        var slot = IndexSlots.For(type, draft.Flags.Indexed, field.IndexSlot, field.Id, await db.MetadataFields.Where(f => f.EntityId == entity.Id).ToListAsync(cancellationToken));
        foreach (var conversion in conversions)
        {
            var result = await conversion.ConvertAsync(entity.Id, field.Id, type, draft.Settings, draft.Flags.Indexed, draft.Flags.Unique, slot, actor, cancellationToken);
            if (result.Failed > 0)
            {
                var problems = new Problems();
                problems.Add(key, $"{result.Failed} record(s) {refusal}, such as {string.Join(", ", result.Examples)}: {result.Reason}. Change those values first.");
                return (MetadataOutcome.Invalid(problems), 0);
            }

            rewritten += result.Converted;
        }

        field.IndexSlot = slot;
        return (null, rewritten);
    }

    private async Task<FieldDraft?> ResolveRollupAsync(Guid entityId, FieldDraft? draft, Problems problems, CancellationToken cancellationToken) =>
        draft is { Settings: RollupSettings settings }
            ? await rollups.ResolveAsync(entityId, settings, "settings", problems, cancellationToken) is { } resolved ? draft with { Settings = resolved } : null
            : draft;

    /// <summary>The live entity and its field; <paramref name="deleted"/> false finds live fields only, null either.</summary>
    private async Task<(StoredEntity? Entity, StoredField? Field, MetadataOutcome? NotFound)> FindAsync(
        string entityName, string fieldName, bool? deleted, CancellationToken cancellationToken)
    {
        if (await rows.FindEntityAsync(entityName, cancellationToken) is not { DeletedAt: null } entity)
        {
            return (null, null, EntityEditor.EntityNotFound(entityName));
        }

        var field = await rows.FindFieldAsync(entity.Id, fieldName, cancellationToken);
        return field is null || (deleted == false && field.DeletedAt is not null)
            ? (entity, null, MetadataOutcome.NotFound("Field not found", $"The entity '{entity.ApiName}' has no field '{fieldName}'."))
            : (entity, field, null);
    }
}
