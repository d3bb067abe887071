using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Saas.Platform.Expressions;

internal static class ExpressionsRegistration
{
    /// <summary>The compiler is a singleton: it holds no state but the shared memory cache.</summary>
    public static IServiceCollection AddExpressions(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.TryAddSingleton<IExpressionCompiler, ExpressionCompiler>();
        return services;
    }
}
