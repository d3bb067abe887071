using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Security;

namespace Saas.Platform.Workflows;

/// <summary>A hook as made or rotated: the secret is in this answer only; the platform keeps its hash.</summary>
public sealed record WorkflowHookCreated(Guid HookId, string Secret, string Header, string Path);

/// <summary>What a call of a hook did: the run it started, or why it was refused (null: unknown hook or wrong secret).</summary>
internal sealed record HookCall(Guid? RunId, string? Refusal);

/// <summary>
/// Inbound webhooks of <c>webhook</c> workflows: a random hook id and a secret per workflow (shown once, stored as its
/// SHA-256, rotated by making it again). A call with the right secret starts the published version on no record, with
/// the posted JSON object as the <c>body</c> variable.
/// </summary>
internal sealed class WorkflowHooks(TenantDbContext db, WorkflowPlans plans, WorkflowQueue queue, IAuditLog audit, TimeProvider clock)
{
    /// <summary>The header that carries the secret.</summary>
    public const string SecretHeader = "X-Hook-Secret";

    /// <summary>The variable in which a run started by a hook finds the posted JSON.</summary>
    public const string BodyVariable = "body";

    /// <summary>Makes the workflow's hook, or gives it a new id and secret (the old ones stop working); null for an unknown workflow.</summary>
    public async Task<Outcome<WorkflowHookCreated>> RotateAsync(Guid workflowId, string actor, CancellationToken cancellationToken)
    {
        if (await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken) is not { } workflow)
        {
            return new Outcome<WorkflowHookCreated>(null);
        }

        if (WorkflowDocument.Deserialize(workflow.Draft).Trigger?.Type != WorkflowNames.Webhook)
        {
            return Outcome.Invalid<WorkflowHookCreated>("trigger.type", "Only a workflow with a webhook trigger has a hook.");
        }

        db.WorkflowHooks.RemoveRange(await db.WorkflowHooks.Where(h => h.WorkflowId == workflowId && h.Kind == WorkflowNames.Webhook).ToListAsync(cancellationToken));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hook = new StoredWorkflowHook
        {
            Id = Guid.NewGuid(), // random, not time-ordered: the id is half of what a caller must know
            WorkflowId = workflowId,
            Kind = WorkflowNames.Webhook,
            SecretHash = Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        db.WorkflowHooks.Add(hook);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "workflow.hookRotated", workflowId.ToString(), workflow.Name, cancellationToken);
        return new Outcome<WorkflowHookCreated>(new WorkflowHookCreated(hook.Id, secret, SecretHeader, $"/api/workflows/hooks/{hook.Id}"));
    }

    /// <summary>Checks the secret and starts a run; every call of a known hook is in the trigger log.</summary>
    public async Task<HookCall> CallAsync(Guid hookId, string? secret, JsonObject body, CancellationToken cancellationToken)
    {
        if (await db.WorkflowHooks.AsNoTracking().SingleOrDefaultAsync(h => h.Id == hookId && h.Kind == WorkflowNames.Webhook, cancellationToken) is not { } hook)
        {
            return new HookCall(null, null);
        }

        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == hook.WorkflowId, cancellationToken);
        var now = clock.GetUtcNow();
        var name = workflow?.Name ?? string.Empty;
        if (secret is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hook.SecretHash)))
        {
            await LogAsync(hook.WorkflowId, name, "skipped", $"Not started: a call of the hook had a {(secret is null ? "missing" : "wrong")} {SecretHeader} header.", null, now, cancellationToken);
            return new HookCall(null, null);
        }

        var version = workflow?.PublishedVersion is { } published
            ? await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.WorkflowId == hook.WorkflowId && v.Version == published, cancellationToken)
            : null;
        var plan = version is null ? null : await plans.GetAsync(db, version.Id, cancellationToken);
        if (version is null || plan?.Document.Trigger?.Type != WorkflowNames.Webhook)
        {
            const string why = "Not started: the hook was called, but the workflow has no published version with a webhook trigger.";
            await LogAsync(hook.WorkflowId, name, "skipped", why, null, now, cancellationToken);
            return new HookCall(null, "The workflow of this hook is not published with a webhook trigger.");
        }

        var run = WorkflowRuns.NewRun(version.TenantId, version, plan, plan.Document.Trigger.Entity!, null, depth: 0, "webhook", now);
        var variables = JsonNode.Parse(run.Variables)!.AsObject();
        variables[BodyVariable] = body;
        run.Variables = variables.ToJsonString();
        db.WorkflowRuns.Add(run);
        await LogAsync(hook.WorkflowId, name, "started", "Started: the hook was called with the right secret; the posted JSON is the 'body' variable.", run.Id, now, cancellationToken);
        queue.Poke(version.TenantId);
        return new HookCall(run.Id, null);
    }

    private async Task LogAsync(Guid workflowId, string name, string outcome, string reason, Guid? runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.WorkflowTriggerLog.Add(WorkflowTriggers.LogEntry(WorkflowNames.Webhook, string.Empty, null, workflowId, name, outcome, reason, runId, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

/// <summary>Reads a public post's body up to a limit, without trusting Content-Length alone, as a JSON object or form fields.</summary>
internal static class HookBody
{
    public static async Task<(byte[]? Bytes, string? Error)> ReadBytesAsync(Stream stream, long? declared, int limit, CancellationToken cancellationToken)
    {
        var tooLarge = $"The body may have at most {limit} bytes.";
        if (declared > limit)
        {
            return (null, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>The body as a JSON object (empty for no body), or why not.</summary>
    public static (JsonObject? Body, string? Error) Json(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (new JsonObject(), null);
        }

        try
        {
            return JsonNode.Parse(bytes) is JsonObject body ? (body, null) : (null, "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not JSON: {ex.Message}");
        }
    }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body as a JSON object of strings (the first value of a repeated name).</summary>
    public static JsonObject Form(byte[] bytes) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes))
            .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value.FirstOrDefault()))));
}
