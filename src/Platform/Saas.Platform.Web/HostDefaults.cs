using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Saas.Platform.Web;

/// <summary>Host defaults in one place: logging, OpenTelemetry, OpenAPI, health.</summary>
internal static class HostDefaults
{
    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // Structured logs: JSON lines in production, readable lines while developing.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole();
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("Saas.*"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter("Saas.*"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>());
        return builder;
    }

    public static WebApplication MapPlatformDefaults(this WebApplication app)
    {
        // A load balancer's probes must never be answered 429.
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes = { [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        }).DisableRateLimiting();
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/scalar");
        }

        return app;
    }
}
