using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// Second wall on PostgreSQL: every command of the tenant context starts with <c>SET LOCAL app.tenant_id</c>,
/// which the row-level security policies on tenant tables compare with each row's <c>TenantId</c>. The setting
/// lives only until the end of the (implicit or explicit) transaction, so a pooled connection never carries a
/// tenant over to the next user, and a query that forgot the EF filter still sees only the current tenant.
/// </summary>
internal sealed class PostgresTenantSetting(ITenantAccessor tenants) : DbCommandInterceptor
{
    public const string Setting = "app.tenant_id";

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prefix(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Prefix(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Prefix(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prefix(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Prefix(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Prefix(command);
        return ValueTask.FromResult(result);
    }

    // A Guid's text form is hex digits and hyphens only, so inlining it cannot inject SQL; SET takes no parameters.
    private void Prefix(DbCommand command) =>
        command.CommandText = $"SET LOCAL {Setting} = '{tenants.Tenant?.Id.ToString() ?? string.Empty}';\n{command.CommandText}";
}
