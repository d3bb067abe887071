using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Bulk;

/// <summary>
/// Bulk imports of an entity's records as background jobs, their progress and their per-row errors. An upload is
/// NDJSON (<c>application/x-ndjson</c>) or CSV (<c>text/csv</c>), as the body or as the <c>file</c> part of a
/// multipart form whose <c>mapping</c> part maps CSV columns to fields.
/// </summary>
internal static class BulkApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapBulkApi(this IEndpointRouteBuilder routes)
    {
        var bulk = routes.MapGroup("/api/data/{entity}/bulk").WithTags("Bulk").RequireTenant();
        bulk.MapPost("/", StartAsync).WithName("StartBulkImport")
            .WithSummary("Import NDJSON or CSV rows as a background job (mode=create|upsert, upsertBy, mapping); answers 202 with the job's URL, or with dryRun=true 200 with what the import would do, keeping nothing");
        bulk.MapGet("/{jobId:guid}", GetAsync).WithName("GetBulkImport").WithSummary("A bulk job's status and progress: rows read, created, updated, failed");
        bulk.MapGet("/{jobId:guid}/errors", ErrorsAsync).WithName("GetBulkImportErrors").WithSummary("A bulk job's refused values as CSV: row, field, message");
        return routes;
    }

    private static async Task<Results<Accepted<BulkJobView>, Ok<BulkPreview>, ValidationProblem, ProblemHttpResult>> StartAsync(
        string entity, string? mode, string? upsertBy, string? mapping, string? format, bool? dryRun, BulkService bulk, BulkDryRun dryRuns,
        IOptions<BulkOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        if (await bulk.PreflightAsync(entity, mode, cancellationToken) is { } refused)
        {
            return refused.Errors is { } modeErrors ? TypedResults.ValidationProblem(modeErrors) : TypedResults.Problem(refused.Detail, statusCode: refused.Status, title: refused.Title);
        }

        var read = await BulkBody.ReadAsync(http.Request, options.Value.MaxUploadBytes, cancellationToken);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var parts = read.Body!;
        var columns = parts.Mapping ?? mapping;
        Dictionary<string, string>? map = null;
        if (columns is not null)
        {
            try
            {
                map = JsonSerializer.Deserialize<Dictionary<string, string>>(columns);
            }
            catch (JsonException)
            {
                map = null;
            }

            if (map is null || map.Count == 0)
            {
                return Invalid("mapping", "mapping is a JSON object from CSV column to field api name, such as {\"Company\":\"title\",\"E-mail\":\"email\"}.");
            }
        }

        var kind = (format ?? parts.Format)?.Trim().ToLowerInvariant();
        if (kind is not (BulkFormats.Ndjson or BulkFormats.Csv))
        {
            return Invalid("format", "Send NDJSON as application/x-ndjson or CSV as text/csv (or say format=ndjson or format=csv).");
        }

        if (dryRun == true)
        {
            // A dry run keeps nothing, so it has nothing to replay: an idempotency key does not apply to it.
            var tried = await dryRuns.RunAsync(new BulkUpload(entity, mode, upsertBy, kind, map, parts.Text, null), cancellationToken);
            return tried.Preview is { } preview ? TypedResults.Ok(preview) : Refusal(tried.Refused!);
        }

        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > BulkJob.KeyLength)
        {
            return Invalid(IdempotencyHeader, $"{IdempotencyHeader} may have at most {BulkJob.KeyLength} characters.");
        }

        var started = await bulk.StartAsync(new BulkUpload(entity, mode, upsertBy, kind, map, parts.Text, key.Length == 0 ? null : key), cancellationToken);
        if (started.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (started.Job is not { } job)
        {
            return TypedResults.Problem(started.Detail, statusCode: started.Status, title: started.Title);
        }

        if (started.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Accepted($"{http.Request.PathBase}/api/data/{job.Entity}/bulk/{job.Id}", job);
    }

    private static async Task<Results<Ok<BulkJobView>, ProblemHttpResult>> GetAsync(string entity, Guid jobId, BulkService bulk, CancellationToken cancellationToken) =>
        await bulk.FindAsync(entity, jobId, cancellationToken) is { } job ? TypedResults.Ok(job) : NotFound(entity, jobId);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ErrorsAsync(string entity, Guid jobId, BulkService bulk, CancellationToken cancellationToken)
    {
        if (await bulk.ErrorsAsync(entity, jobId, cancellationToken) is not { } errors)
        {
            return NotFound(entity, jobId);
        }

        await using var text = new StringWriter();
        await using (var csv = CsvWriter.Create(text, CsvWriterOptions.Default, true))
        {
            csv.WriteHeader(["row", "field", "message"]);
            foreach (var error in errors)
            {
                csv.WriteField(error.Row.ToString(System.Globalization.CultureInfo.InvariantCulture));
                csv.WriteField(error.Field);
                csv.WriteField(error.Message);
                await csv.EndRecordAsync(cancellationToken);
            }
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{entity}-bulk-{jobId}-errors.csv");
    }

    private static Results<Accepted<BulkJobView>, Ok<BulkPreview>, ValidationProblem, ProblemHttpResult> Refusal(BulkStart refused) =>
        refused.Errors is { } errors ? TypedResults.ValidationProblem(errors) : TypedResults.Problem(refused.Detail, statusCode: refused.Status, title: refused.Title);

    private static ProblemHttpResult NotFound(string entity, Guid jobId) =>
        TypedResults.Problem($"There is no bulk job {jobId} of '{entity}' that you started.", statusCode: StatusCodes.Status404NotFound, title: "Bulk job not found");

    private static ValidationProblem Invalid(string key, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] });
}

/// <summary>The upload's text, its format from the content type and, in a multipart form, its mapping part.</summary>
internal sealed record BulkBodyParts(string Text, string? Format, string? Mapping);

/// <summary>Reads an upload up to the size limit: the body itself, or the <c>file</c> and <c>mapping</c> parts of a multipart form.</summary>
internal static class BulkBody
{
    public static async Task<(BulkBodyParts? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        var type = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        if (type?.MediaType.Value?.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (new BulkBodyParts(Decode(buffer.ToArray()), FormatOf(type), null), null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, BadForm("The multipart form has no boundary."));
        }

        string? file = null, fileFormat = null, mapping = null;
        var reader = new MultipartReader(boundary, buffer);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
            using var part = new MemoryStream();
            await section.Body.CopyToAsync(part, cancellationToken);
            if (name == "file")
            {
                file = Decode(part.ToArray());
                fileFormat = FormatOf(MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? partType : null)
                    ?? (disposition?.FileName.Value?.EndsWith(".csv\"", StringComparison.OrdinalIgnoreCase) == true || disposition?.FileName.Value?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true ? BulkFormats.Csv : null);
            }
            else if (name == "mapping")
            {
                mapping = Decode(part.ToArray());
            }
        }

        return file is null ? (null, BadForm("The multipart form has no 'file' part with the rows.")) : (new BulkBodyParts(file, fileFormat, mapping), null);
    }

    private static string? FormatOf(MediaTypeHeaderValue? type) => type?.MediaType.Value?.ToLowerInvariant() switch
    {
        "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" => BulkFormats.Ndjson,
        "text/csv" => BulkFormats.Csv,
        _ => null,
    };

    /// <summary>UTF-8, with or without its byte-order mark.</summary>
    private static string Decode(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"An upload may be at most {maxBytes} bytes: split it into several.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large");

    private static ProblemHttpResult BadForm(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad upload");
}
