using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

/// <summary>
/// The settings of a roll-up field: their shape when bound (<see cref="Read"/>), then, once the entity is known, the
/// child entity, its lookup to this entity, the aggregated field and the filter (<see cref="ResolveAsync"/>).
/// </summary>
internal sealed class RollupRules(TenantDbContext db, StoredRows rows, ExpressionRules expressions, IExpressionCompiler compiler)
{
    public const string Count = "count";

    public static readonly IReadOnlyList<string> Functions = [Count, "sum", "min", "max"];

    public static RollupSettings? Read(RollupSettingsInput input, string path, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(input.ChildEntity))
        {
            problems.Add(Problems.Path(path, "childEntity"), "Give the apiName of the entity whose records are rolled up.");
        }

        if (string.IsNullOrWhiteSpace(input.LookupField))
        {
            problems.Add(Problems.Path(path, "lookupField"), "Give the apiName of the child entity's lookup field that points to this entity.");
        }

        if (input.Function is null || !Functions.Contains(input.Function))
        {
            problems.Add(Problems.Path(path, "function"), $"The function is required; one of: {string.Join(", ", Functions)}.");
        }
        else if (input.Function == Count && !string.IsNullOrEmpty(input.Field))
        {
            problems.Add(Problems.Path(path, "field"), "A count counts records; it takes no field.");
        }
        else if (input.Function != Count && string.IsNullOrWhiteSpace(input.Field))
        {
            problems.Add(Problems.Path(path, "field"), $"A {input.Function} needs the apiName of the child's field to aggregate.");
        }

        if (input.Filter?.Length > ExpressionLimits.MaxLength)
        {
            problems.Add(Problems.Path(path, "filter"), $"The filter is longer than {ExpressionLimits.MaxLength} characters.");
        }

        return problems.Any
            ? null
            : new RollupSettings(input.ChildEntity!, input.LookupField!, input.Function!, string.IsNullOrEmpty(input.Field) ? null : input.Field,
                string.IsNullOrWhiteSpace(input.Filter) ? null : input.Filter.Trim(), string.Empty);
    }

    /// <summary>The settings with the names as stored and the result type filled in, or null with problems added under <paramref name="path"/>.</summary>
    public async Task<RollupSettings?> ResolveAsync(Guid entityId, RollupSettings settings, string path, Problems problems, CancellationToken cancellationToken)
    {
        if (await rows.FindEntityAsync(settings.ChildEntity, cancellationToken) is not { DeletedAt: null } child)
        {
            problems.Add(Problems.Path(path, "childEntity"), $"There is no entity '{settings.ChildEntity}'.");
            return null;
        }

        var fields = await expressions.LiveFieldsAsync(child.Id, cancellationToken);
        var stored = await db.MetadataFields.AsNoTracking().Where(f => f.EntityId == child.Id && f.DeletedAt == null).ToListAsync(cancellationToken);
        var lookup = stored.FirstOrDefault(f => string.Equals(f.ApiName, settings.LookupField, StringComparison.OrdinalIgnoreCase));
        if (lookup is null || lookup.Type != Lookup || lookup.TargetEntityId != entityId)
        {
            problems.Add(Problems.Path(path, "lookupField"), $"'{child.ApiName}' has no lookup field '{settings.LookupField}' that points to this entity.");
        }
        else if (!lookup.Indexed)
        {
            problems.Add(Problems.Path(path, "lookupField"),
                $"The lookup '{child.ApiName}.{lookup.ApiName}' is not indexed: a roll-up finds the child records through the index. Mark it indexed first.");
        }

        var resultType = Number;
        FieldShape? aggregated = null;
        if (settings.Field is not null)
        {
            aggregated = fields.FirstOrDefault(f => string.Equals(f.ApiName, settings.Field, StringComparison.OrdinalIgnoreCase));
            var type = aggregated is null ? null : aggregated.Settings is FormulaSettings formula ? formula.ResultType : aggregated.Type;
            var allowed = settings.Function == "sum" ? [Number, Currency, Percent] : new[] { Number, Currency, Percent, Date, FieldType.DateTime };
            if (aggregated is null || type is null || !allowed.Contains(type))
            {
                problems.Add(Problems.Path(path, "field"), $"A {settings.Function} needs a {string.Join(", ", allowed)} field of '{child.ApiName}' (formulas with such a result type count).");
            }
            else
            {
                resultType = type;
            }
        }

        if (settings.Filter is not null)
        {
            var scope = ExpressionScope.Of(child.Id, fields.Select(f => (f.ApiName, f.Type, f.Settings)));
            if (compiler.Compile(scope, settings.Filter, ExpressionType.Boolean).Error is { } error)
            {
                problems.Add(Problems.Path(path, "filter"), error.Message);
            }
        }

        return problems.Any ? null : settings with { ChildEntity = child.ApiName, LookupField = lookup!.ApiName, Field = aggregated?.ApiName, ResultType = resultType };
    }

    /// <summary>The live roll-ups of other entities (or this one) that read the given field of the given entity, as <c>entity.field</c>.</summary>
    public async Task<List<string>> RollupsUsingAsync(string entityApiName, string fieldApiName, CancellationToken cancellationToken)
    {
        var rollups = await db.MetadataFields.AsNoTracking().Where(f => f.Type == Rollup && f.DeletedAt == null)
            .Join(db.MetadataEntities.Where(e => e.DeletedAt == null), f => f.EntityId, e => e.Id, (f, e) => new { Entity = e.ApiName, f.ApiName, f.Settings })
            .ToListAsync(cancellationToken);
        var scope = (string name) => string.Equals(name, fieldApiName, StringComparison.OrdinalIgnoreCase);
        return
        [
            .. rollups.Where(r => MetadataJson.ReadSettings(Rollup, r.Settings) is RollupSettings s
                    && string.Equals(s.ChildEntity, entityApiName, StringComparison.OrdinalIgnoreCase)
                    && (scope(s.LookupField) || (s.Field is not null && scope(s.Field)) || (s.Filter is not null && s.Filter.Contains(fieldApiName, StringComparison.OrdinalIgnoreCase))))
                .Select(r => $"{r.Entity}.{r.ApiName}"),
        ];
    }
}
