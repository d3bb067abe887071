using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Saas.Platform.Persistence;

internal static class PlatformConventions
{
    public static void Apply(ModelConfigurationBuilder configurationBuilder, DatabaseFacade database)
    {
        // SQLite has no date-time type: stored as a sortable integer, so ORDER BY and range filters work in SQL.
        if (database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
