using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saas.Platform.Persistence;

/// <summary>A row type that batch writes add by the thousand, with no foreign keys to order: <see cref="AddedRows"/> inserts it.</summary>
internal interface IBulkRow;

/// <summary>
/// Writes the <see cref="IBulkRow"/> rows a tenant context holds as added with multi-row INSERT statements inside the
/// current transaction, and stops tracking them. For imports: EF Core's update pipeline spends far more per row than the
/// database does. Nothing is read back, so a store-generated column (an identity key) is left to the database, and the
/// detached rows keep their temporary values.
/// </summary>
internal static class AddedRows
{
    /// <summary>Parameters per statement: under SQL Server's limit of 2,100, far under PostgreSQL's.</summary>
    private const int ParametersPerStatement = 2000;

    /// <summary>
    /// SQLite runs in process, so many rows per statement save no round trips, while binding a named parameter scans
    /// the statement's parameter names: a few rows per statement, about a hundred parameters, is fastest. (With eight
    /// rows of the records table's 28 columns, the scan took 4 % of an import.)
    /// </summary>
    private const int SqliteRowsPerStatement = 8;

    private const int SqliteParametersPerStatement = 100;

    /// <summary>Per entity type (models live as long as the process) and columns left to the database.</summary>
    private static readonly ConcurrentDictionary<(IEntityType Type, long Generated), Shape> Shapes = new();

    /// <summary>
    /// Stages a new row for the next <see cref="InsertAsync(TenantDbContext, CancellationToken)"/> without the change
    /// tracker: for rows nothing reads or changes before that insert, as the tracker's own cost per row (attaching,
    /// change detection, reading values back) exceeded the database's.
    /// </summary>
    public static void Stage(TenantDbContext db, IBulkRow row) => db.StagedRows.Add(row);

    /// <inheritdoc cref="Stage(TenantDbContext, IBulkRow)"/>
    public static void Stage(TenantDbContext db, IEnumerable<IBulkRow> rows) => db.StagedRows.AddRange(rows);

    /// <summary>Drops the staged rows, next to <c>ChangeTracker.Clear()</c> after a failed write.</summary>
    public static void Forget(TenantDbContext db) => db.StagedRows.Clear();

    public static async Task InsertAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Added rows are inserted inside the caller's transaction.");

        // Taken first, so that a failed insert leaves none of them staged for a retry.
        var staged = db.StagedRows.ToList();
        db.StagedRows.Clear();
        await InsertStagedAsync(db, transaction, staged, cancellationToken);

        // One pass of change detection instead of one per look at the tracker.
        db.ChangeTracker.DetectChanges();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            db.StampTenant();
            await InsertAddedAsync(db, transaction, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static async Task InsertStagedAsync(TenantDbContext db, DbTransaction transaction, List<IBulkRow> staged, CancellationToken cancellationToken)
    {
        if (staged.Count == 0)
        {
            return;
        }

        db.StampTenant(staged.OfType<ITenantOwned>());
        foreach (var group in staged.GroupBy(r => r.GetType()))
        {
            var type = db.Model.FindEntityType(group.Key) ?? throw new InvalidOperationException($"{group.Key.Name} is not a row type of the tenant model.");
            var rows = group.ToList();

            // A key the database generates (an identity) is left out while the row holds none, as for a tracked row.
            var generated = 0L;
            var properties = type.GetProperties().ToList();
            for (var i = 0; i < properties.Count && i < 64; i++)
            {
                if (properties[i].ValueGenerated.HasFlag(ValueGenerated.OnAdd) && Equals(properties[i].GetGetter().GetClrValueUsingContainingEntity(rows[0]), properties[i].Sentinel))
                {
                    generated |= 1L << i;
                }
            }

            var shape = Shapes.GetOrAdd((type, generated), NewShape);
            try
            {
                await InsertAsync(db, transaction, shape, rows, static (row, column, shape) => shape.Getters[column].GetClrValueUsingContainingEntity(row), cancellationToken);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"Inserting {rows.Count} {type.DisplayName()} rows failed: {e.Message}", e);
            }
        }
    }

    private static async Task InsertAddedAsync(TenantDbContext db, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<IBulkRow>().Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata);
        foreach (var group in added)
        {
            var entries = group.Cast<EntityEntry>().ToList();
            try
            {
                await InsertAsync(db, transaction, ShapeOf(entries[0]), entries, static (entry, column, shape) => entry.CurrentValues[shape.Columns[column]], cancellationToken);
            }
            catch (DbException e)
            {
                // The same exception SaveChanges throws, so callers handle a collision the way they always do.
                throw new DbUpdateException($"Inserting {entries.Count} {group.Key.DisplayName()} rows failed: {e.Message}", e);
            }

            foreach (var entry in entries)
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    private static async Task InsertAsync<TRow>(
        TenantDbContext db, DbTransaction transaction, Shape shape, List<TRow> entries, Func<TRow, int, Shape, object?> valueOf, CancellationToken cancellationToken)
    {
        // These commands bypass EF Core's interceptors: what waits for the transaction's next statement (a savepoint)
        // goes in front of the first one, in its round trip.
        var waiting = entries.Count > 0 ? DeferredStatements.Take(db) : null;
        var columns = shape.Columns;
        var mappings = shape.Mappings;
        var rowsPerStatement = db.Database.IsSqlite()
            ? Math.Clamp(SqliteParametersPerStatement / columns.Length, 1, SqliteRowsPerStatement)
            : Math.Max(1, ParametersPerStatement / columns.Length);

        // One prepared command per statement size, its parameters refilled for each chunk of rows.
        DbCommand? command = null;
        try
        {
            foreach (var chunk in entries.Chunk(rowsPerStatement))
            {
                if (command is null || command.Parameters.Count != chunk.Length * columns.Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = Command(db, transaction, shape, chunk.Length);
                }

                for (var row = 0; row < chunk.Length; row++)
                {
                    for (var column = 0; column < columns.Length; column++)
                    {
                        var value = valueOf(chunk[row], column, shape);
                        command.Parameters[(row * columns.Length) + column].Value = (mappings[column].Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                    }
                }

                if (waiting is null)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }

                var text = command.CommandText;
                command.CommandText = $"{waiting};\n{text}";
                waiting = null;
                await command.ExecuteNonQueryAsync(cancellationToken);
                command.CommandText = text;
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The columns a row of this type inserts, built once per entity type (of one model, so one provider) and set of
    /// columns left to the database: a single create inserts a handful of rows of each type, and building the column
    /// list, mappings and SQL text again for each cost more than the statements.
    /// </summary>
    private static Shape ShapeOf(EntityEntry first)
    {
        var entityType = first.Metadata;
        var generated = 0L;
        var properties = entityType.GetProperties().ToList();
        for (var i = 0; i < properties.Count && i < 64; i++)
        {
            if (properties[i].ValueGenerated.HasFlag(ValueGenerated.OnAdd) && first.Property(properties[i].Name).IsTemporary)
            {
                generated |= 1L << i;
            }
        }

        return Shapes.GetOrAdd((entityType, generated), NewShape);
    }

    private static Shape NewShape((IEntityType Type, long Generated) key)
    {
        var table = StoreObjectIdentifier.Table(key.Type.GetTableName()!, key.Type.GetSchema());
        var columns = key.Type.GetProperties().Where((_, i) => (key.Generated & (1L << i)) == 0).ToArray();
        return new Shape(table, columns, [.. columns.Select(c => c.GetRelationalTypeMapping())], [.. columns.Select(c => c.GetGetter())], new ConcurrentDictionary<int, string>());
    }

    private static DbCommand Command(TenantDbContext db, DbTransaction transaction, Shape shape, int rows)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        var (columns, mappings) = (shape.Columns, shape.Mappings);
        for (var index = 0; index < rows * columns.Length; index++)
        {
            var column = index % columns.Length;
            command.Parameters.Add(mappings[column].CreateParameter(command, sql.GenerateParameterName($"p{index}"), null, columns[column].IsNullable));
        }

        command.CommandText = shape.Texts.GetOrAdd(rows, _ =>
        {
            var table = shape.Table;
            var text = new StringBuilder($"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ");
            for (var row = 0; row < rows; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < columns.Length; column++)
                {
                    text.Append(column == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder($"p{(row * columns.Length) + column}"));
                }

                text.Append(')');
            }

            return text.ToString();
        });
        return command;
    }

    /// <summary>One row type's insert: its table, columns and their mappings, and the SQL text per number of rows.</summary>
    private sealed record Shape(StoreObjectIdentifier Table, IProperty[] Columns, RelationalTypeMapping[] Mappings, IClrPropertyGetter[] Getters, ConcurrentDictionary<int, string> Texts);
}
