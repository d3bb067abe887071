using Saas.Platform;
using Saas.Platform.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.Services.AddPlatform(builder.Configuration)
    .AddTenancy(t => t.WithRouteStrategy().WithHostStrategy().WithApiKeyStrategy())
    .AddMetadata()
    .AddRecords()
    .AddQuerying()
    .AddJobs()
    .AddBulk();

var app = builder.Build();
app.UsePlatform();
app.MapPlatformDefaults();
app.MapPlatformEndpoints();
app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
