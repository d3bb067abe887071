using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saas.Platform.Persistence;

/// <summary>
/// A savepoint that waits for the transaction's next statement instead of costing a round trip of its own: on
/// PostgreSQL, <see cref="SetAsync"/> only notes it, and this interceptor sends it before anything else reaches the
/// database, written in front of the next query's text or, before any other command or savepoint operation, on its
/// own. Nothing runs between the request and the savepoint, so it undoes exactly what an eager one would. A workflow
/// sets one before every step (see <c>StepBatch</c>).
/// </summary>
internal sealed class DeferredSavepoint : DbCommandInterceptor, IDbTransactionInterceptor
{
    /// <summary>Sets a savepoint now on SQLite and SQL Server; on PostgreSQL with the transaction's next statement.</summary>
    public static async Task SetAsync(TenantDbContext db, IDbContextTransaction transaction, string name, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await transaction.CreateSavepointAsync(name, cancellationToken);
            return;
        }

        if (db.DeferredSavepoint is { } waiting && waiting != name)
        {
            await SendAsync(db, transaction.GetDbTransaction(), cancellationToken);
        }

        db.DeferredSavepoint = name;
    }

    /// <summary>Sends a waiting savepoint before a command EF Core does not see (<see cref="AddedRows"/>' inserts).</summary>
    public static async Task SendAsync(TenantDbContext db, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (Take(db) is { } name)
        {
            await using var command = Command(transaction, name);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (!Prefix(command, eventData))
        {
            Send(eventData.Context, command.Transaction);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (!Prefix(command, eventData))
        {
            await SendAsync(eventData.Context, command.Transaction, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Send(eventData.Context, command.Transaction);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await SendAsync(eventData.Context, command.Transaction, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Send(eventData.Context, command.Transaction);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await SendAsync(eventData.Context, command.Transaction, cancellationToken);
        return result;
    }

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Send(eventData.Context, transaction);
        return result;
    }

    public async ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await SendAsync(eventData.Context, transaction, cancellationToken);
        return result;
    }

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Send(eventData.Context, transaction);
        return result;
    }

    public async ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await SendAsync(eventData.Context, transaction, cancellationToken);
        return result;
    }

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Send(eventData.Context, transaction);
        return result;
    }

    public async ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await SendAsync(eventData.Context, transaction, cancellationToken);
        return result;
    }

    /// <summary>A savepoint no statement needed is not needed at the end of its transaction.</summary>
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => Forget(eventData, result);

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Forget(eventData, result));

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => Forget(eventData, result);

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Forget(eventData, result));

    /// <summary>A query takes the savepoint in front of its text (PostgreSQL runs both in one round trip, and the reader skips the savepoint's empty result); a save does not, as EF Core counts the rows of each of its statements.</summary>
    private static bool Prefix(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.LinqQuery || command.Transaction is null || Take(eventData.Context) is not { } name)
        {
            return false;
        }

        command.CommandText = $"SAVEPOINT {name};\n{command.CommandText}";
        return true;
    }

    private static void Send(DbContext? context, DbTransaction? transaction)
    {
        if (transaction is not null && context is TenantDbContext db && Take(db) is { } name)
        {
            using var command = Command(transaction, name);
            command.ExecuteNonQuery();
        }
    }

    private static Task SendAsync(DbContext? context, DbTransaction? transaction, CancellationToken cancellationToken) =>
        transaction is not null && context is TenantDbContext db ? SendAsync(db, transaction, cancellationToken) : Task.CompletedTask;

    private static string? Take(DbContext? context)
    {
        if (context is not TenantDbContext { DeferredSavepoint: { } name } db)
        {
            return null;
        }

        db.DeferredSavepoint = null;
        return name;
    }

    private static InterceptionResult Forget(TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is TenantDbContext db)
        {
            db.DeferredSavepoint = null;
        }

        return result;
    }

    // Savepoint names are the platform's own constants, never user text.
    private static DbCommand Command(DbTransaction transaction, string name)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SAVEPOINT {name}";
        return command;
    }
}
