using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Querying;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Bulk;

/// <summary>
/// CSV export of any query of an entity, streamed page by page through <see cref="IRecordQueryService"/>, so it lists
/// exactly what the caller's query would (their scope, their visible fields), every page of it. Needs the export permission.
/// </summary>
internal static class ExportApi
{
    /// <summary>Rows fetched per query page while streaming.</summary>
    private const int PageSize = 1000;

    private static readonly string[] Options = ["$filter", "$orderby", "$select"];

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/data/{entity}").WithTags("Bulk").RequireTenant()
            .MapGet("/export", ExportAsync).WithName("ExportRecords").WithSummary("Every record a query matches as CSV ($filter, $orderby, $select); needs the export permission");
        return routes;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        string entity, IRecordQueryService queries, RecordExports exports, HttpContext http, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query;
        if (parameters.Keys.FirstOrDefault(k => k.StartsWith('$') && !Options.Contains(k)) is { } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [unknown] = [$"{unknown} is not supported by export; use {string.Join(", ", Options)}: every page is exported."] });
        }

        string? Option(string name) => parameters.TryGetValue(name, out var value) ? value.ToString() : null;
        var (columns, refused) = await exports.ColumnsAsync(entity, Option("$select"), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var query = new RecordQuery(Option("$filter"), Option("$orderby"), Option("$select"), Top: PageSize.ToString(CultureInfo.InvariantCulture));
        var page = await queries.QueryAsync(entity, query, cancellationToken);
        if (page.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (page.Page is null)
        {
            return TypedResults.Problem(page.Forbidden ?? $"There is no entity '{entity}'.", statusCode: page.Forbidden is null ? 404 : 403, title: page.Forbidden is null ? "Entity not found" : "Forbidden");
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{entity}.csv\"";
        await using var csv = CsvWriter.Create(http.Response.Body, new CsvWriterOptions { WriteByteOrderMark = true }, true);
        csv.WriteHeader([.. columns!]);
        while (page.Page is { } current)
        {
            foreach (var record in current.Records)
            {
                foreach (var column in columns)
                {
                    csv.WriteField(Text(record[column]));
                }

                await csv.EndRecordAsync(cancellationToken);
            }

            if (current.NextSkipToken is not { } next)
            {
                break;
            }

            await csv.FlushAsync(cancellationToken);
            page = await queries.QueryAsync(entity, query with { SkipToken = next }, cancellationToken);
        }

        return TypedResults.Empty;
    }

    /// <summary>A value as a CSV cell: texts as they are, numbers and dates invariant, several values joined by <c>;</c>, nothing for null.</summary>
    private static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray list => string.Join(';', list.Select(Text)),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => JsonSerializer.Deserialize<string>(scalar.ToJsonString())!,
        _ => value.ToJsonString(),
    };
}

/// <summary>What an export may show: the export permission, and the columns of the caller's visible fields (or of <c>$select</c>).</summary>
internal sealed class RecordExports(IMetadataService metadata, CallerAccess access)
{
    private static readonly string[] SystemColumns = ["id", "name", "ownerId", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "version"];

    public async Task<(IReadOnlyList<string>? Columns, ProblemHttpResult? Refused)> ColumnsAsync(string entityName, string? select, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return (null, TypedResults.Problem($"There is no entity '{entityName}'.", statusCode: 404, title: "Entity not found"));
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None || !permission.Export)
        {
            return (null, TypedResults.Problem($"You may not export {entity.ApiName} records.", statusCode: 403, title: "Forbidden"));
        }

        var fields = permission.Visible().Fields.Select(f => f.ApiName);
        var selected = select is null || select.Trim() == "*" ? null : select.Split(',', StringSplitOptions.TrimEntries);
        bool Wanted(string column) => selected is null || column == "id" || selected.Contains(column, StringComparer.OrdinalIgnoreCase);
        return ([.. SystemColumns.Where(Wanted), .. fields.Where(Wanted)], null);
    }
}
