using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Records;

/// <summary>
/// Records of the tenant's entities, for its members and keys; what each caller may do is decided by their role's
/// permissions inside <see cref="IRecordService"/> (403, or 404 outside their scope). Every answer with one record
/// carries its version as a strong ETag.
/// </summary>
internal static class RecordsApi
{
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder routes)
    {
        var records = routes.MapGroup("/api/data/{entity}").WithTags("Records").RequireTenant();
        records.MapPost("/", CreateAsync)
            .WithName("CreateRecord").WithSummary("Create a record from field values keyed by api name");
        records.MapGet("/recycle-bin", RecycleBinAsync).WithName("ListDeletedRecords").WithSummary("Deleted records of the entity, most recently deleted first");
        records.MapGet("/{recordId:guid}", GetAsync).WithName("GetRecord").WithSummary("One live record, with its ETag");
        records.MapPatch("/{recordId:guid}", UpdateAsync)
            .WithName("UpdateRecord").WithSummary("Change the given fields; If-Match makes it conditional on the version");
        records.MapDelete("/{recordId:guid}", DeleteAsync)
            .WithName("DeleteRecord").WithSummary("Move a record to the recycle bin, or purge a deleted one with ?purge=true");
        records.MapPost("/{recordId:guid}/restore", RestoreAsync)
            .WithName("RestoreRecord").WithSummary("Bring a record back from the recycle bin");
        records.MapGet("/{recordId:guid}/history", HistoryAsync).WithName("GetRecordHistory").WithSummary("Every field change of the record, newest first");
        return routes;
    }

    private static async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string entity, JsonObject body, IRecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await records.CreateAsync(entity, body, Actor(http.User), cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (outcome.Value is not { } created)
        {
            return Problem(outcome);
        }

        http.Response.Headers.ETag = created.ETag;
        return TypedResults.Created($"{http.Request.PathBase}/api/data/{entity}/{created.Id}", RecordData.ToJson(created));
    }

    private static async Task<Results<Ok<JsonObject>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string entity, Guid recordId, IRecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await records.GetAsync(entity, recordId, cancellationToken);
        if (outcome.Value is not { } record)
        {
            return Problem(outcome);
        }

        http.Response.Headers.ETag = record.ETag;
        return RecordETags.Matches(http.Request.Headers.IfNoneMatch, record.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(RecordData.ToJson(record));
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string entity, Guid recordId, JsonObject body, IRecordService records, HttpContext http, CancellationToken cancellationToken) =>
        Answer(http, await records.UpdateAsync(entity, recordId, body, RecordETags.IfMatch(http.Request.Headers.IfMatch), Actor(http.User), cancellationToken));

    private static async Task<Results<Ok<JsonObject>, NoContent, ProblemHttpResult>> DeleteAsync(
        string entity, Guid recordId, bool? purge, IRecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var ifMatch = RecordETags.IfMatch(http.Request.Headers.IfMatch);
        if (purge == true)
        {
            var purged = await records.PurgeAsync(entity, recordId, ifMatch, Actor(http.User), cancellationToken);
            return purged.Value is null ? Problem(purged) : TypedResults.NoContent();
        }

        var deleted = await records.DeleteAsync(entity, recordId, ifMatch, Actor(http.User), cancellationToken);
        if (deleted.Value is not { } record)
        {
            return Problem(deleted);
        }

        http.Response.Headers.ETag = record.ETag;
        return TypedResults.Ok(RecordData.ToJson(record));
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        string entity, Guid recordId, IRecordService records, HttpContext http, CancellationToken cancellationToken) =>
        Answer(http, await records.RestoreAsync(entity, recordId, Actor(http.User), cancellationToken));

    private static async Task<Results<Ok<JsonArray>, ProblemHttpResult>> RecycleBinAsync(string entity, IRecordService records, CancellationToken cancellationToken)
    {
        var outcome = await records.RecycleBinAsync(entity, cancellationToken);
        return outcome.Value is { } deleted ? TypedResults.Ok(new JsonArray([.. deleted.Select(r => (JsonNode)RecordData.ToJson(r))])) : Problem(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordHistoryItem>>, ProblemHttpResult>> HistoryAsync(
        string entity, Guid recordId, IRecordService records, CancellationToken cancellationToken)
    {
        var outcome = await records.HistoryAsync(entity, recordId, cancellationToken);
        return outcome.Value is { } history ? TypedResults.Ok(history) : Problem(outcome);
    }

    private static Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult> Answer(HttpContext http, RecordOutcome<RecordView> outcome)
    {
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (outcome.Value is not { } record)
        {
            return Problem(outcome);
        }

        http.Response.Headers.ETag = record.ETag;
        return TypedResults.Ok(RecordData.ToJson(record));
    }

    private static ProblemHttpResult Problem<T>(RecordOutcome<T> outcome) =>
        TypedResults.Problem(outcome.Detail, statusCode: outcome.Status switch
        {
            RecordStatus.Forbidden => StatusCodes.Status403Forbidden,
            RecordStatus.NotFound => StatusCodes.Status404NotFound,
            RecordStatus.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            RecordStatus.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        }, title: outcome.Title);

    /// <summary>A person is named by user name and is the default owner; an API key by its name, and owns nothing.</summary>
    private static RecordActor Actor(ClaimsPrincipal user) =>
        new(user.Identity!.Name!, user.Identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
            ? null
            : Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null);
}
