using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// Second wall on PostgreSQL: row-level security policies on tenant tables compare each row's <c>TenantId</c> with the
/// transaction-local setting <c>app.tenant_id</c>, which this interceptor sets for the current tenant. Inside a
/// transaction it is set once (<c>SET LOCAL</c>), before the transaction's first statement and in its round trip (see
/// <see cref="DeferredStatements"/>); a command outside any transaction runs in PostgreSQL's implicit transaction, which
/// lasts its round trip, so it is prefixed with a call of the procedure <c>app_set_tenant</c>, which sets it the same way
/// (<c>SET LOCAL</c> outside a transaction block would work too, but with a warning in the server's log every time).
/// The setting dies with the transaction: a pooled connection never carries a tenant over to the next user, and a
/// query that forgot the EF filter still sees only the current tenant. The tenant context saves in a transaction
/// always (see <see cref="TenantDbContext"/>), because a prefixed statement would skew the row counts EF checks.
/// </summary>
internal sealed class PostgresTenantSetting(ITenantAccessor tenants) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Setting = "app.tenant_id";

    // A Guid's text form is hex digits and hyphens only, so inlining it cannot inject SQL; SET takes no parameters.
    private string Tenant => tenants.Tenant?.Id.ToString() ?? string.Empty;

    private string SetLocal => $"SET LOCAL {Setting} = '{Tenant}'";

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        PrefixOutsideTransaction(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        PrefixOutsideTransaction(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        PrefixOutsideTransaction(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        PrefixOutsideTransaction(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        PrefixOutsideTransaction(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        PrefixOutsideTransaction(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>A transaction the tenant context began: the setting goes with its first statement (see <see cref="DeferredStatements"/>).</summary>
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (eventData.Context is TenantDbContext db)
        {
            DeferredStatements.Begin(db, SetLocal);
            return result;
        }

        return TransactionUsed(connection, eventData, result);
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db)
        {
            DeferredStatements.Begin(db, SetLocal);
            return ValueTask.FromResult(result);
        }

        return TransactionUsedAsync(connection, eventData, result, cancellationToken);
    }

    /// <summary>A transaction begun elsewhere and handed to the context: the setting is made at once.</summary>
    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        using var command = SetInTransaction(connection, result);
        command.ExecuteNonQuery();
        return result;
    }

    public async ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = SetInTransaction(connection, result);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private void PrefixOutsideTransaction(DbCommand command)
    {
        if (command.Transaction is null)
        {
            command.CommandText = $"CALL app_set_tenant('{Tenant}');\n{command.CommandText}";
        }
    }

    private DbCommand SetInTransaction(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SetLocal;
        return command;
    }
}
