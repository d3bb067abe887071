using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Workflows;

/// <summary>A webhook call as its outbox row keeps it: what was called, and (once answered) the status and JSON body.</summary>
internal sealed record WebhookCall(string Method, string Url, int? Status, JsonElement? Body, string? Error);

/// <summary>
/// Makes the HTTP call of a <c>callWebhook</c> step, before the step's transaction, through the outbox: a row keyed by
/// (run, step, attempt) is written before the call and marked delivered with the answer after a success, so a step that
/// runs again (a duplicate job, a crash before the run moved on) reads the answer instead of calling twice. The call
/// carries an <c>Idempotency-Key</c> of the same three parts for the one case left, a crash during the call.
/// </summary>
internal sealed partial class WorkflowWebhooks(
    TenantDbContext db, IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WorkflowWebhooks> logger)
{
    public const string Client = "workflow-webhooks";
    public const string Kind = "webhook";

    /// <summary>Calls the step's webhook unless a delivered call is in the outbox; answers the reason it failed, or null.</summary>
    public async Task<string?> CallAsync(WorkflowStep step, StepContext context, CancellationToken cancellationToken)
    {
        var run = context.Run;
        var key = context.KeyOf(step);
        if (await DeliveredAsync(run.Id, key, cancellationToken) is not null)
        {
            return null;
        }

        var settings = options.Value;
        var refused = WebhookTargets.CheckUrl(step.Url, settings, out var uri)
            ?? await WebhookTargets.CheckResolvedAsync(uri!, settings, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var method = (step.Method ?? "POST").ToUpperInvariant();
        string? body = null;
        if (method != "GET" && step.Body is not null)
        {
            body = await WorkflowSteps.RenderAsync(step.Body, WorkflowSteps.Model(context));
            try
            {
                using var _ = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                return $"The rendered body is not JSON: {ex.Message}";
            }
        }

        var effect = await db.WorkflowEffects.SingleOrDefaultAsync(e => e.RunId == run.Id && e.StepId == key && e.Attempt == run.Attempt, cancellationToken);
        if (effect is null)
        {
            effect = new StoredRunEffect
            {
                Id = Uuid.NewSequential(), RunId = run.Id, StepId = key, Attempt = run.Attempt, Kind = Kind, CreatedAt = context.Now,
                Payload = Serialize(new WebhookCall(method, uri!.ToString(), null, null, null)),
            };
            db.WorkflowEffects.Add(effect);
            await db.SaveChangesAsync(cancellationToken);
        }

        var (call, error) = await SendAsync(method, uri!, body, step.Headers, $"{run.Id}/{key}/{run.Attempt}", cancellationToken);
        effect.Payload = Serialize(call);
        if (error is null)
        {
            effect.DeliveredAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return error;
    }

    /// <summary>The answer of the step's delivered call, if any.</summary>
    public async Task<WebhookCall?> DeliveredAsync(Guid runId, string stepId, CancellationToken cancellationToken)
    {
        var payload = await db.WorkflowEffects.AsNoTracking()
            .Where(e => e.RunId == runId && e.StepId == stepId && e.Kind == Kind && e.DeliveredAt != null)
            .Select(e => e.Payload).FirstOrDefaultAsync(cancellationToken);
        return payload is null ? null : JsonSerializer.Deserialize<WebhookCall>(payload, WorkflowDocument.Json);
    }

    private async Task<(WebhookCall Call, string? Error)> SendAsync(
        string method, Uri uri, string? body, IReadOnlyDictionary<string, string>? headers, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await clients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var text = await ReadAsync(response, cancellationToken);
            JsonElement? json = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    json = JsonSerializer.SerializeToElement(text);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return (new WebhookCall(method, uri.ToString(), status, json, null), null);
            }

            var error = $"{method} {uri} answered {status} ({response.ReasonPhrase}) after {options.Value.MaxRetries} retries: {Shorten(text)}";
            return (new WebhookCall(method, uri.ToString(), status, json, error), error);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCallFailed(ex, method, uri.GetLeftPart(UriPartial.Path));
            var error = $"{method} {uri} failed after {options.Value.MaxRetries} retries: {ex.Message}";
            return (new WebhookCall(method, uri.ToString(), null, null, error), error);
        }
    }

    private async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[options.Value.MaxResponseBytes];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += count;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Serialize(WebhookCall call) => JsonSerializer.Serialize(call, WorkflowDocument.Json);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Method} {Url} failed")]
    private partial void LogCallFailed(Exception exception, string method, string url);
}
