using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Metadata;

internal static partial class MetadataApi
{
    private static async Task<Results<Ok<ImmutableArray<FieldDefinition>>, ProblemHttpResult>> ListFieldsAsync(
        string entity, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken) =>
        (await ReadAsync(metadata, http, cancellationToken)).FindEntity(entity) is { } found
            ? TypedResults.Ok(found.Fields)
            : EntityEditor.EntityNotFound(entity).ToProblem();

    private static async Task<Results<Ok<FieldDefinition>, ProblemHttpResult>> GetFieldAsync(
        string entity, string field, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(metadata, http, cancellationToken);
        return FindField(snapshot, entity, field) is { } found ? TypedResults.Ok(found) : FieldOrEntityNotFound(snapshot, entity, field).ToProblem();
    }

    private static async Task<Results<Created<FieldDefinition>, ValidationProblem, ProblemHttpResult>> CreateFieldAsync(
        string entity, FieldRequest request, FieldEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
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

        await BackfillAsync(request.Type, entity, request.ApiName!, http, user, cancellationToken);
        var snapshot = await ReadAsync(metadata, http, cancellationToken);
        return FindField(snapshot, entity, request.ApiName!) is { } created
            ? TypedResults.Created($"{EntityLocation(http, snapshot.FindEntity(entity)!.ApiName)}/fields/{created.ApiName}", created)
            : FieldOrEntityNotFound(snapshot, entity, request.ApiName!).ToProblem();
    }

    private static async Task<Results<Ok<FieldDefinition>, ValidationProblem, ProblemHttpResult>> UpdateFieldAsync(
        string entity, string field, FieldRequest request, FieldEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.UpdateAsync(entity, field, request, Actor(user), cancellationToken);
        if (outcome.Succeeded && (request.Settings is not null || request.Type is not null) && (await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entity) is { } changed)
        {
            var type = changed.FindField(field)?.Type;
            await BackfillAsync(type, entity, field, http, user, cancellationToken);
            if (type == FieldType.Formula || request.Type is not null)
            {
                // Stored values follow the new expression in the background; reads show the old ones until the job reaches them.
                if (http.RequestServices.GetService<IFormulaRecompute>() is { } recompute)
                {
                    await recompute.ScheduleAsync(changed.Id, cancellationToken);
                }
            }
        }

        return await FieldAfterAsync(outcome, entity, field, metadata, http, cancellationToken);
    }

    /// <summary>A new roll-up, or one whose settings changed, is computed for the records that exist, before the answer.</summary>
    private static async Task BackfillAsync(string? type, string entity, string field, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (type == FieldType.Rollup && http.RequestServices.GetService<IRollupBackfill>() is { } backfill)
        {
            await backfill.RecomputeAllAsync(entity, field, Actor(user), cancellationToken);
        }
    }

    private static async Task<Results<Ok<FieldDefinition>, ValidationProblem, ProblemHttpResult>> RestoreFieldAsync(
        string entity, string field, FieldEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await FieldAfterAsync(await editor.RestoreAsync(entity, field, Actor(user), cancellationToken), entity, field, metadata, http, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFieldAsync(
        string entity, string field, bool? purge, FieldEditor editor, IMetadataService metadata, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await editor.DeleteAsync(entity, field, purge ?? false, Actor(user), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        await ReadAsync(metadata, http, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<FieldDefinition>, ValidationProblem, ProblemHttpResult>> FieldAfterAsync(
        MetadataOutcome outcome, string entity, string field, IMetadataService metadata, HttpContext http, CancellationToken cancellationToken)
    {
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var snapshot = await ReadAsync(metadata, http, cancellationToken);
        return FindField(snapshot, entity, field) is { } found ? TypedResults.Ok(found) : FieldOrEntityNotFound(snapshot, entity, field).ToProblem();
    }

    private static FieldDefinition? FindField(MetadataSnapshot snapshot, string entity, string field) =>
        snapshot.FindEntity(entity)?.FindField(field);

    private static MetadataOutcome FieldOrEntityNotFound(MetadataSnapshot snapshot, string entity, string field) =>
        snapshot.FindEntity(entity) is null ? EntityEditor.EntityNotFound(entity) : FieldNotFound(entity, field);
}
