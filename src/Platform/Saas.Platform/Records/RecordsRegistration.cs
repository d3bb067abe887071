using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

internal static class RecordsRegistration
{
    public static IServiceCollection AddRecordServices(this IServiceCollection services)
    {
        services.AddScoped<IRecordService, RecordService>();
        services.AddScoped<IRecordBatches>(sp => (RecordService)sp.GetRequiredService<IRecordService>());
        services.AddScoped<RecordValidator>();
        services.AddScoped<RecordReferences>();
        services.AddScoped<AutoNumbers>();
        services.AddSingleton<RecordDefaults>();
        services.AddSingleton<RecordFormulas>();
        services.AddSingleton<RecordRules>();
        services.AddScoped<RecordRollups>();
        services.AddScoped<IRecordWriteObserver, RollupObserver>();
        services.AddScoped<IRollupBackfill, RollupBackfill>();
        services.AddScoped<IFormulaRecompute, FormulaRecomputeScheduler>();
        services.AddScoped<FormulaRecomputeJob>();
        services.AddScoped<IFieldConversion, FieldConversion>();
        return services;
    }
}
