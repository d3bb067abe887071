using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Records;

namespace Saas.Platform.Search;

internal static class SearchRegistration
{
    public static IServiceCollection AddSearchServices(this IServiceCollection services)
    {
        services.AddScoped<ISearchService, SearchService>();
        services.AddScoped<SearchIndex>();
        services.AddScoped<IRecordWriteObserver, SearchIndexer>();
        return services;
    }
}
