using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saas.Platform.Persistence;

/// <summary>
/// Statements that only set up the transaction (the tenant setting at its start, a savepoint) wait for its next
/// statement instead of costing a round trip each: on PostgreSQL they are noted on the context, and this interceptor
/// sends them, in order, before anything else reaches the database: written in front of the next query's text or,
/// before any other command or savepoint operation, on their own. Nothing runs between the request and the statement,
/// so a deferred savepoint undoes exactly what an eager one would, and every statement of the transaction runs as the
/// tenant. <see cref="AddedRows"/>' inserts, which EF Core does not see, take them in front of their first statement.
/// A workflow sets a savepoint before every step (see <c>StepBatch</c>).
/// </summary>
internal sealed class DeferredStatements : DbCommandInterceptor, IDbTransactionInterceptor
{
    /// <summary>Notes a statement for the transaction just begun; what an earlier transaction left unsent is void.</summary>
    public static void Begin(TenantDbContext db, string statement)
    {
        db.DeferredStatements.Clear();
        db.DeferredStatements.Add(statement);
    }

    /// <summary>Sets a savepoint now on SQLite and SQL Server; on PostgreSQL with the transaction's next statement.</summary>
    public static async Task SetSavepointAsync(TenantDbContext db, IDbContextTransaction transaction, string name, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await transaction.CreateSavepointAsync(name, cancellationToken);
            return;
        }

        var savepoint = $"SAVEPOINT {name}"; // the platform's own constant names, never user text
        if (db.DeferredStatements is not [.., var last] || last != savepoint)
        {
            db.DeferredStatements.Add(savepoint); // a savepoint of the same name set again, with nothing in between, is the same one
        }
    }

    /// <summary>
    /// What waits, as one text to put in front of the next command, or null; it is no longer waiting. For commands EF
    /// Core does not see (<see cref="AddedRows"/>' inserts), which must send it first.
    /// </summary>
    public static string? Take(DbContext? context)
    {
        if (context is not TenantDbContext { DeferredStatements.Count: > 0 } db)
        {
            return null;
        }

        var statements = string.Join(";\n", db.DeferredStatements);
        db.DeferredStatements.Clear();
        return statements;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Prefix(command, eventData) ? result : SentFirst(eventData.Context, command.Transaction, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        Prefix(command, eventData) ? ValueTask.FromResult(result) : SentFirstAsync(eventData.Context, command.Transaction, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        SentFirst(eventData.Context, command.Transaction, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        SentFirstAsync(eventData.Context, command.Transaction, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        SentFirst(eventData.Context, command.Transaction, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        SentFirstAsync(eventData.Context, command.Transaction, result, cancellationToken);

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        SentFirst(eventData.Context, transaction, result);

    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        SentFirstAsync(eventData.Context, transaction, result, cancellationToken);

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        SentFirst(eventData.Context, transaction, result);

    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        SentFirstAsync(eventData.Context, transaction, result, cancellationToken);

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        SentFirst(eventData.Context, transaction, result);

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        SentFirstAsync(eventData.Context, transaction, result, cancellationToken);

    /// <summary>What no statement needed is not needed at the end of its transaction.</summary>
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => Forget(eventData, result);

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Forget(eventData, result));

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => Forget(eventData, result);

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Forget(eventData, result));

    /// <summary>A query takes them in front of its text (PostgreSQL runs all in one round trip, and the reader skips their empty results); a save does not, as EF Core counts the rows of each of its statements.</summary>
    private static bool Prefix(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.LinqQuery || command.Transaction is null || Take(eventData.Context) is not { } statements)
        {
            return false;
        }

        command.CommandText = $"{statements};\n{command.CommandText}";
        return true;
    }

    /// <summary>Any other command or savepoint operation goes after what waits, sent on its own just before it.</summary>
    private static T SentFirst<T>(DbContext? context, DbTransaction? transaction, T result)
    {
        if (transaction is not null && Take(context) is { } statements)
        {
            using var command = Command(transaction, statements);
            command.ExecuteNonQuery();
        }

        return result;
    }

    private static async ValueTask<T> SentFirstAsync<T>(DbContext? context, DbTransaction? transaction, T result, CancellationToken cancellationToken)
    {
        if (transaction is not null && Take(context) is { } statements)
        {
            await using var command = Command(transaction, statements);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    private static InterceptionResult Forget(TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is TenantDbContext db)
        {
            db.DeferredStatements.Clear();
        }

        return result;
    }

    private static DbCommand Command(DbTransaction transaction, string statements)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statements;
        return command;
    }
}
