using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Keeps roll-up fields current: on every write of a child record (create, update, delete, restore, purge), inside its
/// transaction, recomputes each roll-up over the child's entity for the parent the child points to, and on an update
/// that moves the child, for the parent it left too. An update that changes none of the fields a roll-up reads (its
/// lookup, aggregated field and filter) leaves it alone. A parent whose roll-up changed is itself written: every
/// observer sees that write (its workflows fire, a roll-up over it recomputes), up to <see cref="MaxDepth"/> levels up.
/// </summary>
internal sealed class RollupObserver(RecordRollups rollups, IServiceProvider services, ILogger<RollupObserver> logger) : IRecordWriteObserver
{
    /// <summary>How many levels of parents one write updates through roll-ups over roll-ups (a hierarchy of accounts, say).</summary>
    public const int MaxDepth = 5;

    private int depth;

    public async Task OnWrittenAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        var snapshot = write.Snapshot;
        foreach (var parentEntity in snapshot.Entities)
        {
            foreach (var rollup in parentEntity.Fields.Where(f => f is { Type: Rollup, Settings: RollupSettings }))
            {
                var settings = rollup.GetSettings<RollupSettings>();
                if (!string.Equals(settings.ChildEntity, write.Entity.ApiName, StringComparison.OrdinalIgnoreCase)
                    || write.Entity.FindField(settings.LookupField) is not { } lookup
                    || (write.Kind == RecordWriteKind.Updated && !Reads(settings, write)))
                {
                    continue;
                }

                foreach (var parent in new[] { ParentOf(write.Before, lookup), ParentOf(write.After, lookup) }.OfType<Guid>().Distinct())
                {
                    if (await rollups.RecomputeAsync(snapshot, parentEntity, rollup, parent, write.Actor, write.At, cancellationToken) is { } parentWrite)
                    {
                        await ParentWrittenAsync(parentWrite, cancellationToken);
                    }
                }
            }
        }
    }

    private async Task ParentWrittenAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        if (depth >= MaxDepth)
        {
            logger.LogWarning("Roll-ups of {Entity} {Record} were recomputed {Depth} levels above the write; its observers were not told", write.Entity.ApiName, write.RecordId, depth);
            return;
        }

        depth++;
        try
        {
            // Resolved here, not injected: this observer is one of them.
            foreach (var observer in services.GetServices<IRecordWriteObserver>())
            {
                await observer.OnWrittenAsync(write, cancellationToken);
            }
        }
        finally
        {
            depth--;
        }
    }

    // The filter's fields are not parsed out here: any changed field the filter's text names counts, which at worst recomputes once too often.
    private static bool Reads(RollupSettings settings, RecordWrite write) =>
        write.ChangedFields.Any(changed => string.Equals(changed, settings.LookupField, StringComparison.OrdinalIgnoreCase)
            || string.Equals(changed, settings.Field, StringComparison.OrdinalIgnoreCase)
            || (settings.Filter?.Contains(changed, StringComparison.OrdinalIgnoreCase) ?? false));

    private static Guid? ParentOf(IReadOnlyDictionary<Guid, JsonNode?>? values, FieldDefinition lookup) =>
        values?.GetValueOrDefault(lookup.Id) is JsonValue value && Guid.TryParse(value.GetValue<string>(), out var id) ? id : null;
}
