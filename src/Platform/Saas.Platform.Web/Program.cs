using Saas.Platform;
using Saas.Platform.Ui;
using Saas.Platform.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults();
builder.Services.AddPlatform(builder.Configuration)
    .AddTenancy(t => t.WithRouteStrategy().WithHostStrategy().WithApiKeyStrategy())
    .AddMetadata()
    .AddRecords()
    .AddQuerying()
    .AddSearch()
    .AddPacks()
    .AddJobs()
    .AddWorkflows()
    .AddBulk()
    .AddViews()
    .AddNotifications()
    .AddReports();
builder.AddStaffApp();

var app = builder.Build();
app.UsePlatform();
app.MapPlatformDefaults();
app.MapPlatformEndpoints();
app.MapStaffApp();
app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
