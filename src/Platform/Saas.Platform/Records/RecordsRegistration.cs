using Microsoft.Extensions.DependencyInjection;

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
        return services;
    }
}
