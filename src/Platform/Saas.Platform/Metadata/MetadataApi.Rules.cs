using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;

namespace Saas.Platform.Metadata;

internal static partial class MetadataApi
{
    private static void MapRulesApi(RouteGroupBuilder entities)
    {
        var rules = entities.MapGroup("/{entity}/rules");
        rules.MapGet("/", ListRulesAsync).WithName("ListRules").WithSummary("The entity's validation rules");
        rules.MapPost("/", CreateRuleAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("CreateRule").WithSummary("Add a validation rule: an error condition, its message and the field it is shown on");
        rules.MapGet("/{rule}", GetRuleAsync).WithName("GetRule").WithSummary("One validation rule");
        rules.MapPatch("/{rule}", UpdateRuleAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("UpdateRule").WithSummary("Change a rule's condition, message, error field, description or active flag");
        rules.MapDelete("/{rule}", DeleteRuleAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("DeleteRule").WithSummary("Delete a validation rule");
    }

    private static async Task<Results<Ok<ImmutableArray<ValidationRuleDefinition>>, ProblemHttpResult>> ListRulesAsync(
        string entity, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken) =>
        (await ReadAsync(metadata, http, cancellationToken)).FindEntity(entity) is { } found
            ? TypedResults.Ok(found.Rules)
            : EntityEditor.EntityNotFound(entity).ToProblem();

    private static async Task<Results<Ok<ValidationRuleDefinition>, ProblemHttpResult>> GetRuleAsync(
        string entity, string rule, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken)
    {
        var (found, problem) = RuleOrProblem(await ReadAsync(metadata, http, cancellationToken), entity, rule);
        return found is not null ? TypedResults.Ok(found) : problem!;
    }

    private static async Task<Results<Created<ValidationRuleDefinition>, ValidationProblem, ProblemHttpResult>> CreateRuleAsync(
        string entity, RuleRequest request, RuleEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.CreateAsync(entity, request, Actor(user), cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var snapshot = await ReadAsync(metadata, http, cancellationToken);
        var (created, problem) = RuleOrProblem(snapshot, entity, request.ApiName!);
        return created is not null
            ? TypedResults.Created($"{EntityLocation(http, snapshot.FindEntity(entity)!.ApiName)}/rules/{created.ApiName}", created)
            : problem!;
    }

    private static async Task<Results<Ok<ValidationRuleDefinition>, ValidationProblem, ProblemHttpResult>> UpdateRuleAsync(
        string entity, string rule, RuleRequest request, RuleEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.UpdateAsync(entity, rule, request, Actor(user), cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var (found, problem) = RuleOrProblem(await ReadAsync(metadata, http, cancellationToken), entity, rule);
        return found is not null ? TypedResults.Ok(found) : problem!;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(
        string entity, string rule, RuleEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.DeleteAsync(entity, rule, Actor(user), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        await ReadAsync(metadata, http, cancellationToken);
        return TypedResults.NoContent();
    }

    private static (ValidationRuleDefinition? Rule, ProblemHttpResult? Problem) RuleOrProblem(MetadataSnapshot snapshot, string entity, string rule)
    {
        if (snapshot.FindEntity(entity) is not { } found)
        {
            return (null, EntityEditor.EntityNotFound(entity).ToProblem());
        }

        var match = found.Rules.FirstOrDefault(r => string.Equals(r.ApiName, rule, StringComparison.OrdinalIgnoreCase));
        return match is not null ? (match, null) : (null, RuleEditor.RuleNotFound(found.ApiName, rule).ToProblem());
    }
}
