using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Platform.Metadata;

internal static partial class MetadataApi
{
    private static async Task<Ok<ImmutableArray<EntityDefinition>>> ListEntitiesAsync(IMetadataService metadata, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok((await ReadAsync(metadata, http, cancellationToken)).Entities);

    private static async Task<Results<Ok<EntityDefinition>, ProblemHttpResult>> GetEntityAsync(
        string entity, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken) =>
        (await ReadAsync(metadata, http, cancellationToken)).FindEntity(entity) is { } found
            ? TypedResults.Ok(found)
            : EntityEditor.EntityNotFound(entity).ToProblem();

    private static async Task<Results<Created<EntityDefinition>, ValidationProblem, ProblemHttpResult>> CreateEntityAsync(
        CreateEntityRequest request, EntityEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.CreateAsync(request, Actor(user), cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        return (await ReadAsync(metadata, http, cancellationToken)).FindEntity(request.ApiName!) is { } created
            ? TypedResults.Created(EntityLocation(http, created.ApiName), created)
            : EntityEditor.EntityNotFound(request.ApiName!).ToProblem();
    }

    private static async Task<Results<Ok<EntityDefinition>, ValidationProblem, ProblemHttpResult>> UpdateEntityAsync(
        string entity, UpdateEntityRequest request, EntityEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.UpdateAsync(entity, request, Actor(user), cancellationToken);
        return await EntityAfterAsync(outcome, entity, metadata, http, cancellationToken);
    }

    private static async Task<Results<Ok<EntityDefinition>, ValidationProblem, ProblemHttpResult>> RestoreEntityAsync(
        string entity, EntityEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.RestoreAsync(entity, Actor(user), cancellationToken);
        return await EntityAfterAsync(outcome, entity, metadata, http, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteEntityAsync(
        string entity, bool? purge, EntityEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.DeleteAsync(entity, purge ?? false, Actor(user), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        await ReadAsync(metadata, http, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<EntityDefinition>, ValidationProblem, ProblemHttpResult>> EntityAfterAsync(
        MetadataOutcome outcome, string entity, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken)
    {
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        return (await ReadAsync(metadata, http, cancellationToken)).FindEntity(entity) is { } found
            ? TypedResults.Ok(found)
            : EntityEditor.EntityNotFound(entity).ToProblem();
    }
}
