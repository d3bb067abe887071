namespace Saas.Platform.Packs.Publishing;

/// <summary>The body of <c>POST /api/catalog/publishers</c>: the id packs name as <c>publisher</c>, and a display name.</summary>
public sealed record CreatePublisherRequest(string? Id, string? DisplayName);

public sealed record PublisherResponse(string Id, string DisplayName, DateTimeOffset CreatedAt, IReadOnlyList<PublisherMemberResponse> Members);

public sealed record PublisherMemberResponse(Guid UserId, string Email);

/// <summary>The body of <c>POST /api/catalog/publishers/{publisher}/members</c>: a person holding the partner role, by email.</summary>
public sealed record AddPublisherMemberRequest(string? Email);

/// <summary>The body of <c>POST /api/catalog/publishers/{publisher}/keys</c>: an ECDSA P-256 public key (SubjectPublicKeyInfo PEM).</summary>
public sealed record AddPublisherKeyRequest(string? Name, string? PublicKey);

public sealed record PublisherKeyResponse(Guid Id, string Name, string PublicKey, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>The body of <c>POST /api/catalog/publishers/{publisher}/api-keys</c>.</summary>
public sealed record CreatePublisherApiKeyRequest(string? Name);

/// <summary>A publisher's API key as listed; <see cref="Secret"/> only in the answer that created it.</summary>
public sealed record PublisherApiKeyResponse(
    Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? Secret = null);

/// <summary>An uploaded pack version and its review state.</summary>
public sealed record PackUploadResponse(
    string Id, string Version, string Publisher, string State, string Checksum, Guid KeyId, string UploadedBy, DateTimeOffset UploadedAt,
    string? ReviewedBy, DateTimeOffset? ReviewedAt);

/// <summary>A pack tenants can install, with its installable versions (oldest first) and where it comes from.</summary>
public sealed record CatalogPackResponse(
    string Id, string Publisher, IReadOnlyDictionary<string, string> Name, IReadOnlyDictionary<string, string>? Description,
    IReadOnlyList<string> Versions, IReadOnlyDictionary<string, string> Dependencies, string Source);

/// <summary>A tenant running one of the publisher's packs, at a version.</summary>
public sealed record PackInstallResponse(string Tenant, string PackId, string Version, DateTimeOffset InstalledAt, DateTimeOffset? UpgradedAt);

/// <summary>Why a catalog request was refused; <see cref="Problems"/> name file, path and reason when a pack's content is at fault.</summary>
internal sealed record CatalogRefusal(int Status, string Title, string Detail, IReadOnlyList<PackProblem>? Problems = null);

/// <summary>A value, or the refusal.</summary>
internal sealed record CatalogResult<T>(T? Value, CatalogRefusal? Refused)
{
    public static implicit operator CatalogResult<T>(T value) => new(value, null);

    public static implicit operator CatalogResult<T>(CatalogRefusal refused) => new(default, refused);
}
