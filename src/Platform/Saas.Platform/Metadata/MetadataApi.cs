using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Metadata;

/// <summary>
/// Entities and fields of the tenant. Reads need a member of the tenant; changes need its admin. Every answer that
/// reads the metadata carries the version it was read at in the <c>Metadata-Version</c> header.
/// </summary>
internal static partial class MetadataApi
{
    public const string VersionHeader = "Metadata-Version";

    public static IEndpointRouteBuilder MapMetadataApi(this IEndpointRouteBuilder routes)
    {
        var entities = routes.MapGroup("/api/metadata/entities").WithTags("Metadata").RequireTenant();
        entities.MapGet("/", ListEntitiesAsync).WithName("ListEntities").WithSummary("The tenant's entities with their fields");
        entities.MapPost("/", CreateEntityAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("CreateEntity").WithSummary("Create an entity, and its fields in the same call");
        entities.MapGet("/{entity}", GetEntityAsync).WithName("GetEntity").WithSummary("One entity with its fields and related lists");
        entities.MapPatch("/{entity}", UpdateEntityAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("UpdateEntity").WithSummary("Change an entity's labels, description, icon or display order");
        entities.MapDelete("/{entity}", DeleteEntityAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("DeleteEntity").WithSummary("Delete an entity (it can be restored), or purge a deleted one with ?purge=true");
        entities.MapPost("/{entity}/restore", RestoreEntityAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("RestoreEntity").WithSummary("Bring back a deleted entity");

        var fields = entities.MapGroup("/{entity}/fields");
        fields.MapGet("/", ListFieldsAsync).WithName("ListFields").WithSummary("The entity's fields in display order");
        fields.MapPost("/", CreateFieldAsync).RequireAuthorization(Policies.TenantAdmin).WithName("CreateField").WithSummary("Add a field to an entity");
        fields.MapGet("/{field}", GetFieldAsync).WithName("GetField").WithSummary("One field");
        fields.MapPatch("/{field}", UpdateFieldAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("UpdateField").WithSummary("Change a field's labels, help text, flags, settings or type (converting the records' values); not its apiName");
        fields.MapDelete("/{field}", DeleteFieldAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("DeleteField").WithSummary("Delete a field (it can be restored), or purge a deleted one with ?purge=true");
        fields.MapPost("/{field}/restore", RestoreFieldAsync).RequireAuthorization(Policies.TenantAdmin)
            .WithName("RestoreField").WithSummary("Bring back a deleted field");
        MapRulesApi(entities);
        return routes;
    }

    private static async Task<MetadataSnapshot> ReadAsync(IMetadataService metadata, HttpContext http, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        http.Response.Headers[VersionHeader] = snapshot.Version.ToString(CultureInfo.InvariantCulture);
        return snapshot;
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity!.Name!;

    private static string EntityLocation(HttpContext http, string entity) => $"{http.Request.PathBase}/api/metadata/entities/{entity}";

    private static MetadataOutcome FieldNotFound(string entity, string field) =>
        MetadataOutcome.NotFound("Field not found", $"The entity '{entity}' has no field '{field}'.");
}
