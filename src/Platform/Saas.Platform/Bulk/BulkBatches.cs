using Saas.Platform.Records;

namespace Saas.Platform.Bulk;

/// <summary>How an import cuts its rows into batches and reads a batch's outcomes: shared by the job and its dry run, so both count alike.</summary>
internal static class BulkBatches
{
    /// <summary>
    /// Rows in batches of at most <paramref name="size"/>. A batch never holds one match value twice: the second row
    /// must see the record the first one creates.
    /// </summary>
    public static IEnumerable<List<BulkRow>> Split(IEnumerable<BulkRow> rows, string? upsertBy, int size)
    {
        var batch = new List<BulkRow>();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var key = upsertBy is null ? null : row.Values?.FirstOrDefault(p => string.Equals(p.Key, upsertBy, StringComparison.OrdinalIgnoreCase)).Value?.ToJsonString();
            if (batch.Count == size || (key is not null && !keys.Add(key)))
            {
                yield return batch;
                batch = [];
                keys.Clear();
                if (key is not null)
                {
                    keys.Add(key);
                }
            }

            batch.Add(row);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public static bool Succeeded(RecordOutcome<Guid> outcome) => outcome.Status is RecordStatus.Created or RecordStatus.Ok;

    /// <summary>
    /// A batch's refused values as (row, field, message): a row that could not be read, then per written row the same
    /// messages a single create or update would answer, one per refused value (an empty field for the whole row).
    /// </summary>
    public static IEnumerable<(int Row, string Field, string Message)> Errors(IReadOnlyList<BulkRow> batch, IReadOnlyList<BulkRow> readable, IReadOnlyList<RecordOutcome<Guid>> outcomes)
    {
        foreach (var row in batch.Where(r => r.Error is not null))
        {
            yield return (row.Number, string.Empty, row.Error!);
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            if (Succeeded(outcome))
            {
                continue;
            }

            if (outcome.Errors is { } errors)
            {
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        yield return (readable[i].Number, field, message);
                    }
                }
            }
            else
            {
                yield return (readable[i].Number, string.Empty, outcome.Detail ?? outcome.Title ?? outcome.Status.ToString());
            }
        }
    }
}
