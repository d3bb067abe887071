using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Audit;
using Saas.Platform.Mail;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Security;

/// <summary>The body of <c>POST /api/invitations</c>.</summary>
public sealed record InviteRequest(string? Email, string? Role);

/// <summary>The body of <c>POST /api/invitations/accept</c>: the token from the mail, and the password of the new (or existing) account.</summary>
public sealed record AcceptInvitationRequest(string? Token, string? Password, string? DisplayName);

/// <summary>Invites people to a tenant by mail and turns accepted invitations into memberships.</summary>
internal sealed class InvitationService(
    CatalogDbContext catalog,
    UserManager<PlatformUser> users,
    IMailOutbox mail,
    IOptions<MailOptions> mailOptions,
    ITenantStore tenants,
    TenantAuditWriter audit,
    TimeProvider clock)
{
    public async Task<Outcome<InvitationResponse>> InviteAsync(TenantInfo tenant, InviteRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var email = request.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || !new EmailAddressAttribute().IsValid(email) || email.Length > 256)
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (TenantRoles.Validate(request.Role) is { } roleError)
        {
            errors["role"] = [roleError];
        }

        if (errors.Count > 0)
        {
            return new Outcome<InvitationResponse>(null, errors);
        }

        var existing = await users.FindByEmailAsync(email!);
        if (existing is not null && await catalog.Memberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == existing.Id, cancellationToken))
        {
            return new Outcome<InvitationResponse>(null, Conflict: $"{email} is already a member of this tenant.");
        }

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Id = Uuid.NewSequential(),
            TenantId = tenant.Id,
            Email = email!,
            Role = request.Role!,
            TokenHash = Secrets.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + Invitation.Lifetime,
            InvitedBy = actor,
        };
        catalog.Invitations.Add(invitation);
        var link = $"{mailOptions.Value.PublicBaseUrl.TrimEnd('/')}/invitations/accept?token={token}";
        mail.Add(email!, $"You are invited to {tenant.Name}", string.Join('\n',
            $"{actor} invites you to join {tenant.Name} as {invitation.Role}.",
            string.Empty,
            $"Accept the invitation: {link}",
            string.Empty,
            $"Or through the API: POST /api/invitations/accept with {{ \"token\": \"{token}\", \"password\": \"...\" }}.",
            $"The invitation expires on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC."));
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(tenant, actor, "invitation.created", email!, $"role={invitation.Role}", cancellationToken);
        return new Outcome<InvitationResponse>(ToResponse(invitation, now));
    }

    public async Task<IReadOnlyList<InvitationResponse>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var invitations = await catalog.Invitations.AsNoTracking().Where(i => i.TenantId == tenantId).OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
        return [.. invitations.Select(i => ToResponse(i, now))];
    }

    public async Task<InvitationResponse?> RevokeAsync(TenantInfo tenant, Guid id, string actor, CancellationToken cancellationToken)
    {
        var invitation = await catalog.Invitations.FirstOrDefaultAsync(i => i.TenantId == tenant.Id && i.Id == id, cancellationToken);
        if (invitation is null)
        {
            return null;
        }

        if (invitation.AcceptedAt is null)
        {
            invitation.RevokedAt ??= clock.GetUtcNow();
            await catalog.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(tenant, actor, "invitation.revoked", invitation.Email, null, cancellationToken);
        }

        return ToResponse(invitation, clock.GetUtcNow());
    }

    public async Task<Outcome<MemberResponse>> AcceptAsync(AcceptInvitationRequest request, CancellationToken cancellationToken)
    {
        var hash = string.IsNullOrWhiteSpace(request.Token) ? string.Empty : Secrets.Hash(request.Token.Trim());
        var invitation = await catalog.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null || invitation.Status(clock.GetUtcNow()) != "pending")
        {
            return Outcome.Invalid<MemberResponse>("token", "The invitation is unknown, expired, revoked or already accepted.");
        }

        var tenant = await tenants.FindByIdAsync(invitation.TenantId, cancellationToken);
        if (tenant is not { IsActive: true })
        {
            return Outcome.Invalid<MemberResponse>("token", "The tenant of this invitation is not active.");
        }

        var user = await users.FindByEmailAsync(invitation.Email);
        if (user is null)
        {
            user = new PlatformUser
            {
                Id = Uuid.NewSequential(),
                UserName = invitation.Email,
                Email = invitation.Email,
                EmailConfirmed = true, // the token arrived by mail to this address
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? invitation.Email : request.DisplayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, request.Password ?? string.Empty);
            if (!created.Succeeded)
            {
                return new Outcome<MemberResponse>(null, new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] });
            }
        }
        else if (!await users.CheckPasswordAsync(user, request.Password ?? string.Empty))
        {
            return Outcome.Invalid<MemberResponse>("password", "This email already has an account: give its password to accept.");
        }

        if (await catalog.Memberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == user.Id, cancellationToken))
        {
            return new Outcome<MemberResponse>(null, Conflict: $"{user.Email} is already a member of this tenant.");
        }

        var membership = new Membership { Id = Uuid.NewSequential(), TenantId = tenant.Id, UserId = user.Id, Role = invitation.Role, CreatedAt = clock.GetUtcNow() };
        catalog.Memberships.Add(membership);
        invitation.AcceptedAt = clock.GetUtcNow();
        await catalog.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(tenant, user.Email!, "membership.created", user.Email!, $"role={membership.Role}", cancellationToken);
        return new Outcome<MemberResponse>(new MemberResponse(user.Id, user.Email!, user.DisplayName, membership.Role, membership.CreatedAt));
    }

    private static InvitationResponse ToResponse(Invitation i, DateTimeOffset now) =>
        new(i.Id, i.Email, i.Role, i.Status(now), i.CreatedAt, i.ExpiresAt, i.InvitedBy);
}
