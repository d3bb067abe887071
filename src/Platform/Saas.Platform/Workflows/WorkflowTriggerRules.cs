using Cronos;
using Saas.Platform.Metadata;
using Saas.Platform.Querying;

namespace Saas.Platform.Workflows;

/// <summary>
/// Checks the parts of a trigger that only the timed and inbound triggers have (cron, time zone, record filter, date
/// field and offset), keyed by their path, and answers when they fall due. Without a query service (a pack's check) the
/// record filter is left to the install, which runs the tenant's check.
/// </summary>
internal sealed class WorkflowTriggerRules(IRecordQueryService? queries)
{
    public const string Utc = "UTC";

    public static bool IsTimed(string? type) => type is WorkflowNames.Schedule or WorkflowNames.DateRelative;

    public async Task<IReadOnlyList<(string Key, string Message)>> CheckAsync(WorkflowTrigger trigger, EntityDefinition entity, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (trigger.Type != WorkflowNames.Schedule)
        {
            Refuse(trigger.Cron, "trigger.cron", "A cron expression applies to the schedule trigger only.", errors);
            Refuse(trigger.TimeZone, "trigger.timeZone", "A time zone applies to the schedule trigger only.", errors);
            Refuse(trigger.Filter, "trigger.filter", "A record filter applies to the schedule trigger only.", errors);
        }

        if (trigger.Type != WorkflowNames.DateRelative)
        {
            Refuse(trigger.DateField, "trigger.dateField", "A date field applies to the dateRelative trigger only.", errors);
            Refuse(trigger.Before, "trigger.before", "'before' applies to the dateRelative trigger only.", errors);
            Refuse(trigger.After, "trigger.after", "'after' applies to the dateRelative trigger only.", errors);
        }

        if (trigger.Type != WorkflowNames.WebForm)
        {
            Refuse(trigger.Fields is null ? null : string.Empty, "trigger.fields", "A field mapping applies to the webForm trigger only.", errors);
            Refuse(trigger.Honeypot, "trigger.honeypot", "A honeypot applies to the webForm trigger only.", errors);
        }

        switch (trigger.Type)
        {
            case WorkflowNames.Schedule:
                Refuse(trigger.Condition, "trigger.condition", "A schedule has no record to test: choose records with 'filter' instead.", errors);
                CheckSchedule(trigger, errors);
                if (!string.IsNullOrWhiteSpace(trigger.Filter) && queries is not null)
                {
                    var outcome = await queries.QueryAsync(entity.ApiName, new RecordQuery(Filter: trigger.Filter, Top: "0"), cancellationToken);
                    errors.AddRange((outcome.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value).Select(m => ("trigger.filter", m)));
                }

                break;
            case WorkflowNames.DateRelative:
                CheckDate(trigger, entity, errors);
                break;
            case WorkflowNames.Webhook:
                Refuse(trigger.Condition, "trigger.condition", "A webhook run has no record to test a condition on.", errors);
                break;
            case WorkflowNames.WebForm:
                Refuse(trigger.Condition, "trigger.condition", "A form post always creates its record; test conditions in an if step.", errors);
                CheckForm(trigger, entity, errors);
                break;
        }

        return errors;
    }

    /// <summary>The first occurrence of the trigger's cron after <paramref name="after"/> (in UTC, as the database keeps it), or null when it never occurs.</summary>
    public static DateTimeOffset? NextOccurrence(WorkflowTrigger trigger, DateTimeOffset after) =>
        CronExpression.Parse(trigger.Cron!, CronFormat.Standard).GetNextOccurrence(after, TimeZoneInfo.FindSystemTimeZoneById(trigger.TimeZone ?? Utc))?.ToUniversalTime();

    /// <summary>How far the fire time is from the date: negative before it, positive after it.</summary>
    public static TimeSpan Offset(WorkflowTrigger trigger)
    {
        if (WorkflowValidator.TryParseDuration(trigger.Before, out var before))
        {
            return -before;
        }

        return WorkflowValidator.TryParseDuration(trigger.After, out var after) ? after : TimeSpan.Zero;
    }

    public static string Describe(WorkflowTrigger trigger) => trigger.Type == WorkflowNames.Schedule
        ? $"the schedule '{trigger.Cron}' ({trigger.TimeZone ?? Utc})"
        : trigger.Before is not null ? $"{trigger.Before} before {trigger.DateField}"
        : trigger.After is not null ? $"{trigger.After} after {trigger.DateField}" : $"the {trigger.DateField} date";

    private static void CheckSchedule(WorkflowTrigger trigger, List<(string, string)> errors)
    {
        TimeZoneInfo? zone = null;
        if (trigger.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(trigger.TimeZone, out zone))
        {
            errors.Add(("trigger.timeZone", $"'{trigger.TimeZone}' is not a known time zone; use an IANA name such as Europe/Berlin or Asia/Shanghai."));
        }

        if (string.IsNullOrWhiteSpace(trigger.Cron))
        {
            errors.Add(("trigger.cron", "A schedule needs a cron expression with five fields: minute hour day-of-month month day-of-week, such as '0 9 * * MON-FRI'."));
            return;
        }

        try
        {
            var cron = CronExpression.Parse(trigger.Cron, CronFormat.Standard);
            if (cron.GetNextOccurrence(DateTimeOffset.UtcNow, zone ?? TimeZoneInfo.Utc) is null)
            {
                errors.Add(("trigger.cron", $"The cron expression '{trigger.Cron}' never occurs."));
            }
        }
        catch (CronFormatException ex)
        {
            errors.Add(("trigger.cron", $"Not a cron expression with five fields (minute hour day-of-month month day-of-week): {ex.Message}"));
        }
    }

    private static void CheckDate(WorkflowTrigger trigger, EntityDefinition entity, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(trigger.DateField) || entity.FindField(trigger.DateField) is not { } field)
        {
            errors.Add(("trigger.dateField", $"'{entity.ApiName}' has no field '{trigger.DateField}'."));
        }
        else if (field.Type is not (FieldType.Date or FieldType.DateTime))
        {
            errors.Add(("trigger.dateField", $"'{field.ApiName}' is a {field.Type} field; a date trigger needs a date or dateTime field."));
        }
        else if (!field.Indexed)
        {
            errors.Add(("trigger.dateField", $"'{field.ApiName}' is not indexed: mark it indexed so the date sweep can find due records without reading them all."));
        }

        if (trigger.Before is not null && trigger.After is not null)
        {
            errors.Add(("trigger.after", "Give 'before' or 'after', not both."));
        }

        foreach (var (value, key) in new[] { (trigger.Before, "trigger.before"), (trigger.After, "trigger.after") })
        {
            if (value is not null && !WorkflowValidator.TryParseDuration(value, out _))
            {
                errors.Add((key, "Give a positive duration, such as P3D (3 days) or PT2H (2 hours)."));
            }
        }
    }

    /// <summary>The honeypot's name when the trigger gives none: a field people never see, so only robots fill it.</summary>
    public const string DefaultHoneypot = "_gotcha";

    public static string HoneypotOf(WorkflowTrigger trigger) => trigger.Honeypot ?? DefaultHoneypot;

    private static void CheckForm(WorkflowTrigger trigger, EntityDefinition entity, List<(string, string)> errors)
    {
        if (trigger.Fields is not { Count: > 0 } fields)
        {
            errors.Add(("trigger.fields", "A web form maps at least one posted name to a field: { \"email\": \"email\" }."));
            return;
        }

        foreach (var (posted, target) in fields)
        {
            if (string.IsNullOrWhiteSpace(posted) || posted.Length > 100)
            {
                errors.Add(("trigger.fields", "A posted name has 1 to 100 characters."));
            }
            else if (entity.FindField(target) is not { } field)
            {
                errors.Add(($"trigger.fields.{posted}", $"'{entity.ApiName}' has no field '{target}'."));
            }
            else if (field.ReadOnly)
            {
                errors.Add(($"trigger.fields.{posted}", $"'{field.ApiName}' is read-only: a form cannot set it."));
            }
        }

        if (fields.ContainsKey(HoneypotOf(trigger)))
        {
            errors.Add(("trigger.honeypot", $"The honeypot '{HoneypotOf(trigger)}' must not be a mapped name: people fill mapped fields."));
        }
    }

    private static void Refuse(string? value, string key, string message, List<(string, string)> errors)
    {
        if (value is not null)
        {
            errors.Add((key, message));
        }
    }
}
