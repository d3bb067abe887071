using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Metadata;

/// <summary>
/// Creates, changes and deletes the validation rules of a live entity. A rule's condition is compiled when it is
/// saved, against the entity's live fields, and must be boolean; its error field must be a live field.
/// </summary>
internal sealed class RuleEditor(TenantDbContext db, StoredRows rows, MetadataChanges changes, ExpressionRules expressions, IExpressionCompiler compiler, TimeProvider clock)
{
    private const int MessageLength = 500;

    public async Task<MetadataOutcome> CreateAsync(string entityName, RuleRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        if (await rows.FindEntityAsync(entityName, cancellationToken) is not { DeletedAt: null } entity)
        {
            return EntityEditor.EntityNotFound(entityName);
        }

        var problems = new Problems();
        if (MetadataApiName.ValidateValueName(request.ApiName) is { } badName)
        {
            problems.Add("apiName", badName);
        }

        var now = clock.GetUtcNow();
        var rule = new StoredRule
        {
            Id = Uuid.NewSequential(),
            TenantId = rows.TenantId,
            EntityId = entity.Id,
            ApiName = request.ApiName ?? string.Empty,
            NormalizedApiName = MetadataApiName.Normalize(request.ApiName ?? string.Empty),
            ErrorCondition = string.Empty,
            ErrorMessage = string.Empty,
            Active = true,
            CreatedAt = now,
            ModifiedAt = now,
        };
        await ApplyAsync(request, rule, isNew: true, problems, cancellationToken);
        if (problems.Any)
        {
            return MetadataOutcome.Invalid(problems);
        }

        if (await FindRuleAsync(entity.Id, rule.ApiName, cancellationToken) is { } taken)
        {
            return MetadataOutcome.Conflict("Rule exists", $"The entity '{entity.ApiName}' already has a rule '{taken.ApiName}'; api names are unique in any case.");
        }

        db.MetadataRules.Add(rule);
        return await changes.CommitAsync(actor, [new("metadata.rule.created", $"{entity.ApiName}.{rule.ApiName}", $"condition {rule.ErrorCondition}")], cancellationToken);
    }

    public async Task<MetadataOutcome> UpdateAsync(string entityName, string ruleName, RuleRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var (entity, rule, notFound) = await FindAsync(entityName, ruleName, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var problems = new Problems();
        if (request.ApiName is not null && request.ApiName != rule!.ApiName)
        {
            problems.Add("apiName", $"The apiName of a rule cannot change; it is '{rule.ApiName}'.");
        }

        var changed = await ApplyAsync(request, rule!, isNew: false, problems, cancellationToken);
        if (problems.Any)
        {
            return MetadataOutcome.Invalid(problems);
        }

        if (changed.Count == 0)
        {
            return MetadataOutcome.Done;
        }

        rule!.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.rule.updated", $"{entity!.ApiName}.{rule.ApiName}", $"changed {string.Join(", ", changed)}")], cancellationToken);
    }

    public async Task<MetadataOutcome> DeleteAsync(string entityName, string ruleName, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var (entity, rule, notFound) = await FindAsync(entityName, ruleName, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        db.MetadataRules.Remove(rule!);
        return await changes.CommitAsync(actor, [new("metadata.rule.deleted", $"{entity!.ApiName}.{rule!.ApiName}")], cancellationToken);
    }

    public static MetadataOutcome RuleNotFound(string entity, string rule) =>
        MetadataOutcome.NotFound("Rule not found", $"The entity '{entity}' has no validation rule '{rule}'.");

    /// <summary>Validates what the request gives and applies it; answers the names of the properties that changed.</summary>
    private async Task<List<string>> ApplyAsync(RuleRequest request, StoredRule rule, bool isNew, Problems problems, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        var fields = await expressions.LiveFieldsAsync(rule.EntityId, cancellationToken);
        if (isNew || request.ErrorCondition is not null)
        {
            var condition = request.ErrorCondition?.Trim();
            if (string.IsNullOrEmpty(condition))
            {
                problems.Add("errorCondition", "The errorCondition is required: a boolean expression that is true when the record is invalid, such as \"amount lt 0\".");
            }
            else
            {
                var scope = ExpressionScope.Of(rule.EntityId, fields.Select(f => (f.ApiName, f.Type, f.Settings)));
                if (compiler.Compile(scope, condition, ExpressionType.Boolean).Error is { } error)
                {
                    problems.Add("errorCondition", error.Message);
                }
                else if (condition != rule.ErrorCondition)
                {
                    rule.ErrorCondition = condition;
                    changed.Add("errorCondition");
                }
            }
        }

        if (isNew || request.ErrorMessage is not null)
        {
            var message = MetadataJson.Write(Translations.Read(request.ErrorMessage, "errorMessage", MessageLength, englishRequired: true, problems));
            if (message != rule.ErrorMessage)
            {
                rule.ErrorMessage = message;
                changed.Add("errorMessage");
            }
        }

        if (request.ErrorField is not null)
        {
            var field = request.ErrorField.Length == 0 ? null : fields.FirstOrDefault(f => string.Equals(f.ApiName, request.ErrorField, StringComparison.OrdinalIgnoreCase));
            if (request.ErrorField.Length > 0 && field is null)
            {
                problems.Add("errorField", $"The entity has no field '{request.ErrorField}'; name one of its fields, or leave errorField out to attach the error to the record.");
            }
            else if (field?.ApiName != rule.ErrorField)
            {
                rule.ErrorField = field?.ApiName;
                changed.Add("errorField");
            }
        }

        if (request.Active is { } active && active != rule.Active)
        {
            rule.Active = active;
            changed.Add("active");
        }

        if (request.Description is not null)
        {
            var description = request.Description.Trim().Length == 0 ? null : request.Description.Trim();
            if (description?.Length > MetadataLimits.DescriptionLength)
            {
                problems.Add("description", $"The description may be at most {MetadataLimits.DescriptionLength} characters long.");
            }
            else if (description != rule.Description)
            {
                rule.Description = description;
                changed.Add("description");
            }
        }

        return changed;
    }

    private Task<StoredRule?> FindRuleAsync(Guid entityId, string apiName, CancellationToken cancellationToken)
    {
        var normalized = MetadataApiName.Normalize(apiName);
        return db.MetadataRules.FirstOrDefaultAsync(r => r.EntityId == entityId && r.NormalizedApiName == normalized, cancellationToken);
    }

    private async Task<(StoredEntity? Entity, StoredRule? Rule, MetadataOutcome? NotFound)> FindAsync(string entityName, string ruleName, CancellationToken cancellationToken)
    {
        if (await rows.FindEntityAsync(entityName, cancellationToken) is not { DeletedAt: null } entity)
        {
            return (null, null, EntityEditor.EntityNotFound(entityName));
        }

        return await FindRuleAsync(entity.Id, ruleName, cancellationToken) is { } rule
            ? (entity, rule, null)
            : (entity, null, RuleNotFound(entity.ApiName, ruleName));
    }
}
