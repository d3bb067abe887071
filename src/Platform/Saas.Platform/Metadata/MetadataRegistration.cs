using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Expressions;

namespace Saas.Platform.Metadata;

internal static class MetadataRegistration
{
    public static IServiceCollection AddMetadataServices(this IServiceCollection services)
    {
        services.AddExpressions();
        services.AddScoped<IMetadataService, MetadataService>();
        services.AddScoped<MetadataChanges>();
        services.AddScoped<MetadataVersionMemo>();
        services.AddScoped<StoredRows>();
        services.AddScoped<EntityReferences>();
        services.AddScoped<LookupTargets>();
        services.AddScoped<FieldSettingsReader>();
        services.AddScoped<FieldValidator>();
        services.AddScoped<ExpressionRules>();
        services.AddScoped<EntityEditor>();
        services.AddScoped<FieldEditor>();
        services.AddScoped<RuleEditor>();
        services.AddScoped<RollupRules>();
        return services;
    }
}
