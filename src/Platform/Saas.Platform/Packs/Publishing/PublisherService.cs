using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Packs.Publishing;

/// <summary>Publisher accounts, their members and their signing keys; platform data in the catalog database.</summary>
internal sealed class PublisherService(CatalogDbContext catalog, UserManager<PlatformUser> users, TimeProvider clock, ILogger<PublisherService> logger)
{
    /// <summary>Whether <paramref name="user"/> publishes for <paramref name="publisher"/>: a member holding the partner role.</summary>
    public async Task<bool> IsMemberAsync(ClaimsPrincipal user, string publisher, CancellationToken cancellationToken) =>
        user.IsInRole(PlatformClaims.PublisherRole)
        && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
        && await catalog.Set<PublisherMember>().AnyAsync(m => m.PublisherId == publisher && m.UserId == userId, cancellationToken);

    /// <summary>The refusal for a caller who is not a member of the publisher, nor one of the others <paramref name="also"/> lets in; null when allowed.</summary>
    public async Task<CatalogRefusal?> RefuseUnlessMemberAsync(ClaimsPrincipal user, string publisher, AlsoAllowed also, CancellationToken cancellationToken)
    {
        if ((also.HasFlag(AlsoAllowed.Operator) && user.IsInRole(PlatformClaims.OperatorRole))
            || (also.HasFlag(AlsoAllowed.ApiKey) && user.FindFirstValue(PlatformClaims.PublisherId) == publisher)
            || await IsMemberAsync(user, publisher, cancellationToken))
        {
            return null;
        }

        var detail = user.FindFirstValue(PlatformClaims.PublisherId) is not { } keyOf ? $"Only members of publisher '{publisher}' holding the {PlatformClaims.PublisherRole} role may do this."
            : keyOf != publisher ? $"This API key publishes for '{keyOf}', not for '{publisher}'."
            : "A publisher's API key may not do this: a member of the publisher must.";
        return new(StatusCodes.Status403Forbidden, "Not a publisher member", detail);
    }

    public async Task<CatalogResult<PublisherResponse>> CreateAsync(CreatePublisherRequest request, CancellationToken cancellationToken)
    {
        var id = request.Id?.Trim() ?? string.Empty;
        if (id.Length is < 2 or > 40 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || !char.IsAsciiLetterLower(id[0]))
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid publisher", "The id is 2-40 lower-case letters, digits and '_', starting with a letter: the publisher its packs name in pack.yaml.");
        }

        if (id == PackFiles.PlatformPublisher)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid publisher", $"'{id}' is the platform's own publisher; partners publish under their own name.");
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Trim().Length > 200)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid publisher", "A display name of 1-200 characters is required.");
        }

        if (await catalog.Set<Publisher>().AnyAsync(p => p.Id == id, cancellationToken))
        {
            return new CatalogRefusal(StatusCodes.Status409Conflict, "Publisher exists", $"There is a publisher '{id}' already.");
        }

        var publisher = new Publisher { Id = id, DisplayName = request.DisplayName.Trim(), CreatedAt = clock.GetUtcNow() };
        catalog.Add(publisher);
        await catalog.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Publisher {Publisher} created", id);
        return new PublisherResponse(publisher.Id, publisher.DisplayName, publisher.CreatedAt, []);
    }

    public async Task<PublisherResponse?> FindAsync(string publisher, CancellationToken cancellationToken)
    {
        if (await catalog.Set<Publisher>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == publisher, cancellationToken) is not { } found)
        {
            return null;
        }

        var members = await (
            from member in catalog.Set<PublisherMember>().AsNoTracking()
            join user in catalog.Users on member.UserId equals user.Id
            where member.PublisherId == publisher
            orderby user.Email
            select new PublisherMemberResponse(user.Id, user.Email!)).ToListAsync(cancellationToken);
        return new PublisherResponse(found.Id, found.DisplayName, found.CreatedAt, members);
    }

    public async Task<CatalogResult<PublisherMemberResponse>> AddMemberAsync(string publisher, AddPublisherMemberRequest request, CancellationToken cancellationToken)
    {
        if (!await catalog.Set<Publisher>().AnyAsync(p => p.Id == publisher, cancellationToken))
        {
            return NotFound(publisher);
        }

        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid member", "No account has this email: the person signs up (accepts an invitation) first.");
        }

        if (!await users.IsInRoleAsync(user, PlatformClaims.PublisherRole))
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid member",
                $"{user.Email} does not hold the {PlatformClaims.PublisherRole} role: give it first (POST /api/platform/roles/{PlatformClaims.PublisherRole}/people).");
        }

        if (!await catalog.Set<PublisherMember>().AnyAsync(m => m.PublisherId == publisher && m.UserId == user.Id, cancellationToken))
        {
            catalog.Add(new PublisherMember { PublisherId = publisher, UserId = user.Id, CreatedAt = clock.GetUtcNow() });
            await catalog.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Email} publishes for {Publisher}", user.Email, publisher);
        }

        return new PublisherMemberResponse(user.Id, user.Email!);
    }

    public async Task<CatalogResult<PublisherKeyResponse>> AddKeyAsync(string publisher, AddPublisherKeyRequest request, string actor, CancellationToken cancellationToken)
    {
        var (key, error) = PackSignature.ReadPublicKey(request.PublicKey);
        using (key)
        {
            if (error is not null)
            {
                return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid key", error);
            }
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid key", "A key needs a name of 1-200 characters.");
        }

        var added = new PublisherKey
        {
            Id = Uuid.NewSequential(),
            PublisherId = publisher,
            Name = request.Name.Trim(),
            PublicKey = request.PublicKey!.Trim(),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        catalog.Add(added);
        await catalog.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{Actor} registered key {Key} for {Publisher}", actor, added.Id, publisher);
        return Response(added);
    }

    public async Task<List<PublisherKeyResponse>> ListKeysAsync(string publisher, CancellationToken cancellationToken) =>
        [.. (await catalog.Set<PublisherKey>().AsNoTracking().Where(k => k.PublisherId == publisher).ToListAsync(cancellationToken))
            .OrderBy(k => k.CreatedAt).Select(Response)];

    public async Task<CatalogResult<PublisherKeyResponse>> RevokeKeyAsync(string publisher, Guid keyId, string actor, CancellationToken cancellationToken)
    {
        if (await catalog.Set<PublisherKey>().FirstOrDefaultAsync(k => k.PublisherId == publisher && k.Id == keyId, cancellationToken) is not { } key)
        {
            return new CatalogRefusal(StatusCodes.Status404NotFound, "Key not found", $"Publisher '{publisher}' has no key {keyId}.");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await catalog.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Actor} revoked key {Key} of {Publisher}", actor, keyId, publisher);
        }

        return Response(key);
    }

    public async Task<CatalogResult<PublisherApiKeyResponse>> CreateApiKeyAsync(string publisher, CreatePublisherApiKeyRequest request, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Invalid key", "A key needs a name of 1-200 characters.");
        }

        var secret = PublisherApiKey.Marker + Secrets.NewToken();
        var key = new PublisherApiKey
        {
            Id = Uuid.NewSequential(),
            PublisherId = publisher,
            Name = request.Name.Trim(),
            Prefix = secret[..(PublisherApiKey.Marker.Length + 6)],
            Hash = Secrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        catalog.Add(key);
        await catalog.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{Actor} created API key {Key} for {Publisher}", actor, key.Id, publisher);
        return Response(key) with { Secret = secret };
    }

    public async Task<List<PublisherApiKeyResponse>> ListApiKeysAsync(string publisher, CancellationToken cancellationToken) =>
        [.. (await catalog.Set<PublisherApiKey>().AsNoTracking().Where(k => k.PublisherId == publisher).ToListAsync(cancellationToken))
            .OrderBy(k => k.CreatedAt).Select(Response)];

    public async Task<CatalogResult<PublisherApiKeyResponse>> RevokeApiKeyAsync(string publisher, Guid keyId, string actor, CancellationToken cancellationToken)
    {
        if (await catalog.Set<PublisherApiKey>().FirstOrDefaultAsync(k => k.PublisherId == publisher && k.Id == keyId, cancellationToken) is not { } key)
        {
            return new CatalogRefusal(StatusCodes.Status404NotFound, "Key not found", $"Publisher '{publisher}' has no API key {keyId}.");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await catalog.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Actor} revoked API key {Key} of {Publisher}", actor, keyId, publisher);
        }

        return Response(key);
    }

    public static CatalogRefusal NotFound(string publisher) =>
        new(StatusCodes.Status404NotFound, "Publisher not found", $"There is no publisher '{publisher}'.");

    private static PublisherKeyResponse Response(PublisherKey key) => new(key.Id, key.Name, key.PublicKey, key.CreatedAt, key.CreatedBy, key.RevokedAt);

    private static PublisherApiKeyResponse Response(PublisherApiKey key) => new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.CreatedBy, key.RevokedAt);
}

/// <summary>Who may act for a publisher besides its members.</summary>
[Flags]
internal enum AlsoAllowed
{
    None = 0,
    Operator = 1,

    /// <summary>The publisher's own API key.</summary>
    ApiKey = 2,
}
