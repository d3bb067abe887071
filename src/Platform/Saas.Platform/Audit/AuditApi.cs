using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", ReadAsync).WithTags("Audit").RequireTenant().RequireAuthorization(Policies.TenantAdmin)
            .WithName("ReadAuditLog").WithSummary("The tenant's admin actions, newest first");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditRecord>>, ValidationProblem>> ReadAsync(IAuditLog audit, int? top, CancellationToken cancellationToken)
    {
        if (top is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["top"] = ["top must be between 1 and 1000."] });
        }

        return TypedResults.Ok(await audit.ReadAsync(top ?? 100, cancellationToken));
    }
}
