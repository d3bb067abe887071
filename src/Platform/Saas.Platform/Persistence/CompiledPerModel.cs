using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Saas.Platform.Persistence;

/// <summary>
/// A query compiled once per EF Core model (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, CancellationToken, TResult}})"/>
/// and its overloads): a compiled query refuses a context of another model, and one process can hold several (a
/// SQLite and a PostgreSQL host side by side in the tests and benchmarks). For the queries every request runs, where
/// translating the LINQ again each time cost more than running it.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = [];

    public TQuery For(DbContext context) => compiled.GetValue(context.Model, _ => compile());
}
