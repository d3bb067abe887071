using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Saas.Platform.Web;

/// <summary>Declares the ways to call the API (an API key header, a bearer token) so the reference UI and clients can send them.</summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    private const string ApiKey = "ApiKey";
    private const string Bearer = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A tenant's API key, or the operator key for /api/tenants.",
        };
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The access token from POST /api/auth/token.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
