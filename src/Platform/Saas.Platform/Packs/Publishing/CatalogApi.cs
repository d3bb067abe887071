using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// The pack catalog at platform level: publisher accounts, their keys, signed uploads and their review, which tenants
/// run a publisher's packs, and the list of installable packs (the one route tenants call too).
/// </summary>
internal static class CatalogApi
{
    /// <summary>The largest zip an upload may send.</summary>
    public const int MaxUploadBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder routes)
    {
        // The catalog is the same for everyone and holds no tenant's data: any signed-in caller, in a tenant or not, reads it.
        routes.MapGet("/api/catalog/packs", (PackPublishing publishing) => TypedResults.Ok(publishing.Installable()))
            .WithTags("Catalog").RequireAuthorization().WithName("ListCatalogPacks")
            .WithSummary("The installable packs: shipped packs and published uploads, with their versions");

        var catalog = routes.MapGroup("/api/catalog").WithTags("Catalog").RequirePlatform().RequireAuthorization();
        catalog.MapPost("/publishers", CreatePublisherAsync).RequireAuthorization(Policies.Operator).WithName("CreatePublisher")
            .WithSummary("Create a publisher account (its id is the publisher its packs name in pack.yaml)");
        catalog.MapGet("/publishers/{publisher}", GetPublisherAsync).WithName("GetPublisher").WithSummary("A publisher and its members");
        catalog.MapPost("/publishers/{publisher}/members", AddMemberAsync).RequireAuthorization(Policies.Operator).WithName("AddPublisherMember")
            .WithSummary("Make a person holding the partner role a member of the publisher");
        catalog.MapGet("/publishers/{publisher}/keys", ListKeysAsync).WithName("ListPublisherKeys").WithSummary("The publisher's signing keys, revoked ones too");
        catalog.MapPost("/publishers/{publisher}/keys", AddKeyAsync).WithName("AddPublisherKey").WithSummary("Register an ECDSA P-256 public key (PEM) that signs uploads");
        catalog.MapDelete("/publishers/{publisher}/keys/{keyId:guid}", RevokeKeyAsync).WithName("RevokePublisherKey").WithSummary("Revoke a signing key");
        catalog.MapGet("/publishers/{publisher}/api-keys", ListApiKeysAsync).WithName("ListPublisherApiKeys").WithSummary("The publisher's API keys (no secrets), revoked ones too");
        catalog.MapPost("/publishers/{publisher}/api-keys", CreateApiKeyAsync).WithName("CreatePublisherApiKey")
            .WithSummary("Create an API key that publishes for the publisher (X-Api-Key); the secret is shown once");
        catalog.MapDelete("/publishers/{publisher}/api-keys/{keyId:guid}", RevokeApiKeyAsync).WithName("RevokePublisherApiKey").WithSummary("Revoke an API key");
        catalog.MapGet("/publishers/{publisher}/packs", ListUploadsAsync).WithName("ListPublisherUploads").WithSummary("The publisher's uploaded versions and their review states");
        catalog.MapGet("/publishers/{publisher}/installs", InstallsAsync).WithName("ListPublisherInstalls").WithSummary("Which tenants run which version of the publisher's packs");
        catalog.MapPost("/packs", UploadAsync).WithName("UploadPack")
            .WithSummary($"Upload a signed pack zip (body application/zip; headers {PublishingHeaders.Checksum} and {PublishingHeaders.Signature}); stored as submitted");
        catalog.MapGet("/uploads", ReviewQueueAsync).RequireAuthorization(Policies.Operator).WithName("ListPackUploads").WithSummary("Uploaded versions, by state (?state=submitted)");
        catalog.MapPost("/packs/{packId}/versions/{version}/publish", PublishAsync).RequireAuthorization(Policies.Operator).WithName("PublishPackVersion")
            .WithSummary("Publish a submitted version: tenants can install it");
        catalog.MapPost("/packs/{packId}/versions/{version}/deprecate", DeprecateAsync).WithName("DeprecatePackVersion")
            .WithSummary("Deprecate a version (operator or its publisher): no longer installable; tenants running it keep it");
        return routes;
    }

    private static async Task<Results<Created<PublisherResponse>, ProblemHttpResult>> CreatePublisherAsync(
        CreatePublisherRequest request, PublisherService publishers, CancellationToken cancellationToken)
    {
        var result = await publishers.CreateAsync(request, cancellationToken);
        return result.Value is { } created ? TypedResults.Created($"/api/catalog/publishers/{created.Id}", created) : Problem(result.Refused!);
    }

    private static async Task<Results<Ok<PublisherResponse>, ProblemHttpResult>> GetPublisherAsync(
        string publisher, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken)
    {
        if (await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator | AlsoAllowed.ApiKey, cancellationToken) is { } refused)
        {
            return Problem(refused);
        }

        return await publishers.FindAsync(publisher, cancellationToken) is { } found ? TypedResults.Ok(found) : Problem(PublisherService.NotFound(publisher));
    }

    private static async Task<Results<Ok<PublisherMemberResponse>, ProblemHttpResult>> AddMemberAsync(
        string publisher, AddPublisherMemberRequest request, PublisherService publishers, CancellationToken cancellationToken) =>
        Answer(await publishers.AddMemberAsync(publisher, request, cancellationToken));

    private static async Task<Results<Ok<List<PublisherKeyResponse>>, ProblemHttpResult>> ListKeysAsync(
        string publisher, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator | AlsoAllowed.ApiKey, cancellationToken) is { } refused
            ? Problem(refused)
            : TypedResults.Ok(await publishers.ListKeysAsync(publisher, cancellationToken));

    private static async Task<Results<Ok<PublisherKeyResponse>, ProblemHttpResult>> AddKeyAsync(
        string publisher, AddPublisherKeyRequest request, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.None, cancellationToken) is { } refused
            ? Problem(refused)
            : Answer(await publishers.AddKeyAsync(publisher, request, Actor(user), cancellationToken));

    private static async Task<Results<Ok<PublisherKeyResponse>, ProblemHttpResult>> RevokeKeyAsync(
        string publisher, Guid keyId, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator, cancellationToken) is { } refused
            ? Problem(refused)
            : Answer(await publishers.RevokeKeyAsync(publisher, keyId, Actor(user), cancellationToken));

    private static async Task<Results<Ok<List<PublisherApiKeyResponse>>, ProblemHttpResult>> ListApiKeysAsync(
        string publisher, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator, cancellationToken) is { } refused
            ? Problem(refused)
            : TypedResults.Ok(await publishers.ListApiKeysAsync(publisher, cancellationToken));

    private static async Task<Results<Created<PublisherApiKeyResponse>, ProblemHttpResult>> CreateApiKeyAsync(
        string publisher, CreatePublisherApiKeyRequest request, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken)
    {
        if (await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.None, cancellationToken) is { } refused)
        {
            return Problem(refused);
        }

        var result = await publishers.CreateApiKeyAsync(publisher, request, Actor(user), cancellationToken);
        return result.Value is { } created ? TypedResults.Created($"/api/catalog/publishers/{publisher}/api-keys", created) : Problem(result.Refused!);
    }

    private static async Task<Results<Ok<PublisherApiKeyResponse>, ProblemHttpResult>> RevokeApiKeyAsync(
        string publisher, Guid keyId, ClaimsPrincipal user, PublisherService publishers, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator, cancellationToken) is { } refused
            ? Problem(refused)
            : Answer(await publishers.RevokeApiKeyAsync(publisher, keyId, Actor(user), cancellationToken));

    private static async Task<Results<Ok<List<PackUploadResponse>>, ProblemHttpResult>> ListUploadsAsync(
        string publisher, ClaimsPrincipal user, PublisherService publishers, PackPublishing publishing, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator | AlsoAllowed.ApiKey, cancellationToken) is { } refused
            ? Problem(refused)
            : TypedResults.Ok(await publishing.ListAsync(publisher, null, cancellationToken));

    private static async Task<Results<Ok<List<PackInstallResponse>>, ProblemHttpResult>> InstallsAsync(
        string publisher, ClaimsPrincipal user, PublisherService publishers, PackInstalls installs, CancellationToken cancellationToken) =>
        await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.Operator | AlsoAllowed.ApiKey, cancellationToken) is { } refused
            ? Problem(refused)
            : TypedResults.Ok(await installs.OfPublisherAsync(publisher, cancellationToken));

    private static async Task<Ok<List<PackUploadResponse>>> ReviewQueueAsync(string? state, PackPublishing publishing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await publishing.ListAsync(null, state, cancellationToken));

    private static async Task<Results<Created<PackUploadResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, PackPublishing publishing, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxUploadBytes)
        {
            return Problem(TooLarge());
        }

        using var body = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxUploadBytes)
            {
                return Problem(TooLarge());
            }

            body.Write(chunk, 0, read);
        }

        var result = await publishing.UploadAsync(body.ToArray(), request.Headers[PublishingHeaders.Checksum].ToString(),
            request.Headers[PublishingHeaders.Signature].ToString(), user, cancellationToken);
        if (result.Value is { } uploaded)
        {
            return TypedResults.Created($"/api/catalog/publishers/{uploaded.Publisher}/packs", uploaded);
        }

        var refused = result.Refused!;
        if (refused.Problems is { } problems)
        {
            var errors = problems.GroupBy(p => p.Path.Length == 0 ? p.File : $"{p.File}:{p.Path}")
                .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, refused.Detail, title: refused.Title,
                extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new { p.File, p.Path, p.Reason }).ToList() });
        }

        return Problem(refused);
    }

    private static async Task<Results<Ok<PackUploadResponse>, ProblemHttpResult>> PublishAsync(
        string packId, string version, ClaimsPrincipal user, PackPublishing publishing, CancellationToken cancellationToken) =>
        Answer(await publishing.ReviewAsync(packId, version, PackUploadStates.Published, Actor(user), cancellationToken));

    private static async Task<Results<Ok<PackUploadResponse>, ProblemHttpResult>> DeprecateAsync(
        string packId, string version, ClaimsPrincipal user, PackPublishing publishing, PublisherService publishers, CancellationToken cancellationToken)
    {
        if (await publishing.OwnerOfUploadAsync(packId, cancellationToken) is not { } owner)
        {
            return Problem(new CatalogRefusal(StatusCodes.Status404NotFound, "Upload not found", $"No version of '{packId}' was uploaded."));
        }

        return await publishers.RefuseUnlessMemberAsync(user, owner, AlsoAllowed.Operator | AlsoAllowed.ApiKey, cancellationToken) is { } refused
            ? Problem(refused)
            : Answer(await publishing.ReviewAsync(packId, version, PackUploadStates.Deprecated, Actor(user), cancellationToken));
    }

    private static CatalogRefusal TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"A pack zip is at most {MaxUploadBytes} bytes.");

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(CatalogResult<T> result) =>
        result.Value is { } value ? TypedResults.Ok(value) : Problem(result.Refused!);

    private static ProblemHttpResult Problem(CatalogRefusal refused) =>
        TypedResults.Problem(refused.Detail, statusCode: refused.Status, title: refused.Title);
}
