using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// Signed uploads of pack versions and their review: an upload is checked (checksum, signature with one of the
/// publisher's active keys, a safe zip, the same validator the catalog folders go through, the publisher in pack.yaml
/// being the uploader's) and stored as submitted; an operator publishes it, which puts it in the
/// <see cref="PackCatalog"/>; deprecating takes it out again (tenants that run it keep it).
/// </summary>
internal sealed class PackPublishing(
    CatalogDbContext catalog, PublisherService publishers, PackCatalog packs, PackValidator validator, PublishedPackFolder folder,
    TimeProvider clock, ILogger<PackPublishing> logger)
{
    public async Task<CatalogResult<PackUploadResponse>> UploadAsync(byte[] zip, string? checksum, string? signature, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(checksum) || string.IsNullOrWhiteSpace(signature))
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Signature missing",
                $"Send the SHA-256 of the zip (hex) in {PublishingHeaders.Checksum} and its ECDSA P-256 signature (base64 DER) in {PublishingHeaders.Signature}.");
        }

        var actual = PackSignature.Checksum(zip);
        if (!string.Equals(actual, checksum.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Checksum mismatch",
                $"The zip's SHA-256 is {actual}, not the declared {checksum.Trim()}: the upload was changed or cut short.");
        }

        var (files, zipProblems) = PackZip.Read(zip);
        if (files is null)
        {
            return Invalid("The zip holds entries a pack may not hold.", zipProblems);
        }

        var (pack, problems) = PackValidation.Validate(PackReader.Read(files), packs, validator);
        if (pack is null)
        {
            return Invalid("The pack's files are not valid.", problems);
        }

        var publisher = pack.Manifest.Publisher;
        if (await publishers.RefuseUnlessMemberAsync(user, publisher, AlsoAllowed.ApiKey, cancellationToken) is not null)
        {
            return new CatalogRefusal(StatusCodes.Status403Forbidden, "Not the pack's publisher",
                $"pack.yaml names publisher '{publisher}'; you upload only as a member of a publisher account (or with its API key), for that publisher's packs.");
        }

        // The signature is checked before the content's problems are reported, so only the publisher learns them.
        if (await SigningKeyAsync(publisher, zip, signature, cancellationToken) is not { } keyId)
        {
            return new CatalogRefusal(StatusCodes.Status400BadRequest, "Bad signature",
                $"The signature does not verify with any active key of publisher '{publisher}': sign the zip's SHA-256 digest with ECDSA P-256 (DER, base64) using a registered, unrevoked key.");
        }

        if (problems.Count > 0)
        {
            return Invalid("The pack does not pass the validator.", problems);
        }

        if (await OwnerOfAsync(pack.Id, cancellationToken) is { } owner && owner != publisher)
        {
            return new CatalogRefusal(StatusCodes.Status409Conflict, "Pack id taken", $"The pack id '{pack.Id}' belongs to publisher '{owner}'.");
        }

        var version = SemVersion.TryParse(pack.Version)!.ToString();
        if (await catalog.Set<PackUpload>().AnyAsync(u => u.PackId == pack.Id && u.Version == version, cancellationToken) || packs.Versions(pack.Id).Any(v => v.ToString() == version))
        {
            return new CatalogRefusal(StatusCodes.Status409Conflict, "Version exists",
                $"'{pack.Id}' {version} was uploaded already; a version never changes once uploaded: raise the version.");
        }

        var upload = new PackUpload
        {
            Id = Uuid.NewSequential(),
            PackId = pack.Id,
            Version = version,
            PublisherId = publisher,
            State = PackUploadStates.Submitted,
            Content = zip,
            Checksum = actual,
            KeyId = keyId,
            UploadedBy = user.Identity?.Name ?? "unknown",
            UploadedAt = clock.GetUtcNow(),
        };
        catalog.Add(upload);
        await catalog.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{Actor} uploaded {Pack} {Version} for {Publisher}", upload.UploadedBy, upload.PackId, version, publisher);
        return Response(upload);
    }

    /// <summary>Moves a version along submitted → published → deprecated (a submitted version may be deprecated, i.e. rejected).</summary>
    public async Task<CatalogResult<PackUploadResponse>> ReviewAsync(string packId, string version, string state, string actor, CancellationToken cancellationToken)
    {
        if (await catalog.Set<PackUpload>().FirstOrDefaultAsync(u => u.PackId == packId && u.Version == version, cancellationToken) is not { } upload)
        {
            return new CatalogRefusal(StatusCodes.Status404NotFound, "Upload not found", $"No version {version} of '{packId}' was uploaded.");
        }

        var allowed = (upload.State, state) is (PackUploadStates.Submitted, PackUploadStates.Published)
            or (PackUploadStates.Submitted or PackUploadStates.Published, PackUploadStates.Deprecated);
        if (!allowed)
        {
            return new CatalogRefusal(StatusCodes.Status409Conflict, "Not allowed in this state",
                $"'{packId}' {version} is {upload.State}; the review goes submitted → published → deprecated.");
        }

        upload.State = state;
        upload.ReviewedBy = actor;
        upload.ReviewedAt = clock.GetUtcNow();
        await catalog.SaveChangesAsync(cancellationToken);
        if (state == PackUploadStates.Published)
        {
            folder.Write(upload.PackId, upload.Version, upload.Content);
        }
        else
        {
            folder.Remove(upload.PackId, upload.Version);
        }

        logger.LogInformation("{Actor} set {Pack} {Version} to {State}", actor, packId, version, state);
        return Response(upload);
    }

    public async Task<List<PackUploadResponse>> ListAsync(string? publisher, string? state, CancellationToken cancellationToken)
    {
        var query = catalog.Set<PackUpload>().AsNoTracking();
        query = publisher is null ? query : query.Where(u => u.PublisherId == publisher);
        query = state is null ? query : query.Where(u => u.State == state);
        return [.. (await query.Select(u => new PackUpload
        {
            Id = u.Id, PackId = u.PackId, Version = u.Version, PublisherId = u.PublisherId, State = u.State, Content = Array.Empty<byte>(),
            Checksum = u.Checksum, KeyId = u.KeyId, UploadedBy = u.UploadedBy, UploadedAt = u.UploadedAt, ReviewedBy = u.ReviewedBy, ReviewedAt = u.ReviewedAt,
        }).ToListAsync(cancellationToken)).OrderBy(u => u.PackId, StringComparer.Ordinal).ThenBy(u => SemVersion.TryParse(u.Version)).Select(Response)];
    }

    /// <summary>Every valid pack of the catalog (shipped folders and published uploads) with its installable versions.</summary>
    public List<CatalogPackResponse> Installable() =>
        [.. packs.Ids().Select(id => (Id: id, Newest: packs.Find(id), Versions: packs.Versions(id)))
            .Where(p => p.Newest is { IsValid: true })
            .Select(p => new CatalogPackResponse(
                p.Id, p.Newest!.Pack!.Manifest.Publisher, p.Newest.Pack.Manifest.Name, p.Newest.Pack.Manifest.Description,
                [.. p.Versions.Where(v => packs.Find(p.Id, v.ToString())?.IsValid == true).Select(v => v.ToString())],
                p.Newest.Pack.Manifest.Dependencies ?? new Dictionary<string, string>(),
                p.Newest.Pack.Manifest.Publisher == PackFiles.PlatformPublisher ? "platform" : "published"))];

    private async Task<Guid?> SigningKeyAsync(string publisher, byte[] zip, string signature, CancellationToken cancellationToken)
    {
        var keys = await catalog.Set<PublisherKey>().AsNoTracking()
            .Where(k => k.PublisherId == publisher && k.RevokedAt == null).Select(k => new { k.Id, k.PublicKey }).ToListAsync(cancellationToken);
        foreach (var candidate in keys)
        {
            var (key, _) = PackSignature.ReadPublicKey(candidate.PublicKey);
            using (key)
            {
                if (key is not null && PackSignature.Verify(zip, signature, key))
                {
                    return candidate.Id;
                }
            }
        }

        return null;
    }

    /// <summary>The publisher whose uploads carry <paramref name="packId"/>; null when none does.</summary>
    public Task<string?> OwnerOfUploadAsync(string packId, CancellationToken cancellationToken) =>
        catalog.Set<PackUpload>().Where(u => u.PackId == packId).Select(u => u.PublisherId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The publisher a pack id belongs to: its uploads', else the catalog folders' pack of that id.</summary>
    private async Task<string?> OwnerOfAsync(string packId, CancellationToken cancellationToken) =>
        await OwnerOfUploadAsync(packId, cancellationToken) ?? packs.Find(packId)?.Pack?.Manifest.Publisher;

    private static CatalogRefusal Invalid(string detail, IReadOnlyList<PackProblem> problems) =>
        new(StatusCodes.Status400BadRequest, "Invalid pack", detail, problems);

    private static PackUploadResponse Response(PackUpload u) =>
        new(u.PackId, u.Version, u.PublisherId, u.State, u.Checksum, u.KeyId, u.UploadedBy, u.UploadedAt, u.ReviewedBy, u.ReviewedAt);
}

/// <summary>The headers of a signed upload (the body is the zip, <c>application/zip</c>).</summary>
public static class PublishingHeaders
{
    public const string Checksum = "X-Pack-Checksum";
    public const string Signature = "X-Pack-Signature";
}
