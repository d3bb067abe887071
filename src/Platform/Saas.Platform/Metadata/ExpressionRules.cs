using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>
/// A field as the expression rules see it. <paramref name="Path"/> is where the request gave it (<c>fields[2]</c>,
/// or empty for the field of a field route); null for a field the request leaves alone.
/// </summary>
internal sealed record FieldShape(string ApiName, string Type, FieldSettings? Settings, string? DefaultValue, string? Path)
{
    public static FieldShape Of(StoredField field) =>
        new(field.ApiName, field.Type, MetadataJson.ReadSettings(field.Type, field.Settings), MetadataJson.ReadDefaultValue(field.Settings), null);

    public static FieldShape Of(FieldDraft draft, string path) => new(draft.ApiName, draft.Type, draft.Settings, draft.DefaultValue, path);
}

/// <summary>
/// Compiles an entity's formulas and default values as they will be once a change is saved: each formula against the
/// entity's other fields, with its declared result type and no cycle; each default value against no fields at all.
/// </summary>
internal sealed class ExpressionRules(TenantDbContext db, IExpressionCompiler compiler)
{
    public async Task<List<FieldShape>> LiveFieldsAsync(Guid entityId, CancellationToken cancellationToken) =>
        [.. (await db.MetadataFields.AsNoTracking().Where(f => f.EntityId == entityId && f.DeletedAt == null).ToListAsync(cancellationToken)).Select(FieldShape.Of)];

    public void Check(Guid entityId, IReadOnlyList<FieldShape> fields, Problems problems)
    {
        var scope = ExpressionScope.Of(entityId, fields.Select(f => (f.ApiName, f.Type, f.Settings)));
        var changed = fields.FirstOrDefault(f => f.Path is not null);
        var reads = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            if (field.Settings is FormulaSettings formula)
            {
                var compilation = CompileFormula(scope, field.ApiName, formula);
                if (compilation.Expression is { } compiled)
                {
                    reads[field.ApiName] = compiled.ReadsFields;
                }
                else if (field.Path is not null)
                {
                    problems.Add(Problems.Path(field.Path, "settings.expression"), compilation.Error!.Message);
                }
                else if (changed is not null)
                {
                    problems.Add(Problems.Path(changed.Path!, "settings"), $"This change breaks the formula '{field.ApiName}': {compilation.Error!.Message}");
                }
            }

            if (field is { Path: not null, DefaultValue: not null })
            {
                CheckDefault(entityId, field, problems);
            }
        }

        foreach (var (formula, cycle) in FormulaCycles.Find(reads))
        {
            if (fields.FirstOrDefault(f => string.Equals(f.ApiName, formula, StringComparison.OrdinalIgnoreCase)) is { Path: { } path })
            {
                problems.Add(Problems.Path(path, "settings.expression"),
                    $"The formulas {string.Join(" → ", cycle)} read each other in a cycle; a formula cannot depend on itself.");
            }
        }
    }

    /// <summary>The live formulas of the entity, other than <paramref name="apiName"/> itself, that read <paramref name="apiName"/>.</summary>
    public List<string> FormulasReading(Guid entityId, IReadOnlyList<FieldShape> fields, string apiName)
    {
        var scope = ExpressionScope.Of(entityId, fields.Select(f => (f.ApiName, f.Type, f.Settings)));
        return
        [
            .. fields.Where(f => f.Settings is FormulaSettings && !string.Equals(f.ApiName, apiName, StringComparison.OrdinalIgnoreCase))
                .Where(f => CompileFormula(scope, f.ApiName, (FormulaSettings)f.Settings!).Expression?.ReadsFields.Contains(apiName, StringComparer.OrdinalIgnoreCase) == true)
                .Select(f => f.ApiName),
        ];
    }

    /// <summary>The validation rules of the entity whose condition reads <paramref name="apiName"/> or whose error is shown on it.</summary>
    public async Task<List<string>> RulesUsingAsync(Guid entityId, IReadOnlyList<FieldShape> fields, string apiName, CancellationToken cancellationToken)
    {
        var scope = ExpressionScope.Of(entityId, fields.Select(f => (f.ApiName, f.Type, f.Settings)));
        var rules = await db.MetadataRules.AsNoTracking().Where(r => r.EntityId == entityId).ToListAsync(cancellationToken);
        return
        [
            .. rules.Where(r => string.Equals(r.ErrorField, apiName, StringComparison.OrdinalIgnoreCase)
                    || compiler.Compile(scope, r.ErrorCondition, ExpressionType.Boolean).Expression?.ReadsFields.Contains(apiName, StringComparer.OrdinalIgnoreCase) == true)
                .Select(r => r.ApiName).Order(StringComparer.Ordinal),
        ];
    }

    public ExpressionCompilation CompileFormula(ExpressionScope scope, string apiName, FormulaSettings formula) =>
        compiler.Compile(scope.Without(apiName), formula.Expression, ExpressionTypes.OfResultType(formula.ResultType));

    private void CheckDefault(Guid entityId, FieldShape field, Problems problems)
    {
        var path = Problems.Path(field.Path!, "defaultValue");
        var compilation = compiler.Compile(ExpressionScope.Empty(entityId), field.DefaultValue!, ExpressionTypes.OfField(field.Type, field.Settings));
        if (compilation.Error is { } error)
        {
            var why = error.Reason.StartsWith("There is no field", StringComparison.Ordinal)
                ? $"{error.Message} A default value cannot read fields; use literals and functions such as now()."
                : error.Message;
            problems.Add(path, why);
            return;
        }

        // A literal picklist default can be checked now; a computed one is checked when a record takes it.
        if (compilation.Expression is { IsConstant: true } literal && field.Settings is PicklistSettings picklist
            && literal.Evaluate(new Dictionary<string, object?>(), new ExpressionContext(DateTimeOffset.UnixEpoch)).Value is string value
            && !picklist.Values.Any(v => v.IsActive && v.ApiName == value))
        {
            problems.Add(path, $"'{value}' is not an active value of this picklist; use one of: {string.Join(", ", picklist.Values.Where(v => v.IsActive).Select(v => $"'{v.ApiName}'"))}.");
        }
    }
}
