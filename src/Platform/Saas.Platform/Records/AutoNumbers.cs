using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// Gives out the next number of an auto-number field inside the caller's transaction. The counter is bumped by an
/// UPDATE, which holds the row (PostgreSQL, SQL Server) or the database (SQLite) until the transaction ends, so two
/// concurrent creates never read the same number. The first number of a field inserts its counter; when two creates
/// race for that insert, the loser's transaction fails on the key and the caller retries it.
/// </summary>
internal sealed class AutoNumbers(TenantDbContext db)
{
    public async Task<JsonNode> NextAsync(FieldDefinition field, CancellationToken cancellationToken)
    {
        var pattern = AutoNumberPattern.Parse(field.GetSettings<AutoNumberSettings>().Pattern, out var error)
            ?? throw new InvalidOperationException($"The auto-number field '{field.ApiName}' has an invalid pattern: {error}");
        var bumped = await db.AutoNumberCounters
            .Where(c => c.FieldId == field.Id)
            .ExecuteUpdateAsync(c => c.SetProperty(counter => counter.LastValue, counter => counter.LastValue + 1), cancellationToken);
        long number;
        if (bumped == 0)
        {
            number = 1;
            db.AutoNumberCounters.Add(new AutoNumberCounter { FieldId = field.Id, LastValue = number });
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            number = await db.AutoNumberCounters.Where(c => c.FieldId == field.Id).Select(c => c.LastValue).SingleAsync(cancellationToken);
        }

        return JsonValue.Create(pattern.Format(number));
    }
}
