using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Mail;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Persistence;

/// <summary>
/// The catalog: what the platform knows across tenants (tenants, API keys, users and their memberships, invitations,
/// teams, permission sets, the mail outbox, Data Protection keys, publishers and their uploaded packs). It always lives in the platform database, never in a dedicated tenant database.
/// </summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options)
    : IdentityDbContext<PlatformUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<TenantInfo> Tenants => Set<TenantInfo>();

    internal DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    internal DbSet<Membership> Memberships => Set<Membership>();

    internal DbSet<Invitation> Invitations => Set<Invitation>();

    internal DbSet<Team> Teams => Set<Team>();

    internal DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    internal DbSet<PermissionSet> PermissionSets => Set<PermissionSet>();

    internal DbSet<RolePermissionSet> RolePermissionSets => Set<RolePermissionSet>();

    internal DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        PlatformConventions.Apply(configurationBuilder, Database);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityTables.Configure(builder);
        builder.Entity<TenantInfo>(tenant =>
        {
            tenant.ToTable("Tenants");
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Identifier).HasMaxLength(63);
            tenant.HasIndex(t => t.Identifier).IsUnique();
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.Isolation).HasConversion<string>().HasMaxLength(16);
            tenant.Property(t => t.ConnectionString).HasMaxLength(1000);
        });

        builder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(200);
            key.Property(k => k.Role).HasMaxLength(32).HasDefaultValue(TenantRoles.Admin); // keys made before roles were admin keys
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => new { k.TenantId, k.CreatedAt });
            key.HasOne<TenantInfo>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Membership>(membership =>
        {
            membership.ToTable("Memberships");
            membership.HasKey(m => m.Id);
            membership.Property(m => m.Role).HasMaxLength(32);
            membership.HasIndex(m => new { m.TenantId, m.UserId }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne<TenantInfo>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<PlatformUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("Invitations");
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Email).HasMaxLength(256);
            invitation.Property(i => i.Role).HasMaxLength(32);
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
            invitation.Property(i => i.InvitedBy).HasMaxLength(200);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => new { i.TenantId, i.CreatedAt });
            invitation.HasOne<TenantInfo>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Team>(team =>
        {
            team.ToTable("Teams");
            team.HasKey(t => t.Id);
            team.Property(t => t.Name).HasMaxLength(100);
            team.Property(t => t.NormalizedName).HasMaxLength(100);
            team.Property(t => t.Description).HasMaxLength(1000);
            team.HasIndex(t => new { t.TenantId, t.NormalizedName }).IsUnique();
            team.HasOne<TenantInfo>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<TeamMember>(member =>
        {
            member.ToTable("TeamMembers");
            member.HasKey(m => new { m.TeamId, m.UserId });
            member.HasIndex(m => m.UserId);
            member.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<PlatformUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PermissionSet>(set =>
        {
            set.ToTable("PermissionSets");
            set.HasKey(s => s.Id);
            set.Property(s => s.Name).HasMaxLength(100);
            set.Property(s => s.NormalizedName).HasMaxLength(100);
            set.Property(s => s.Description).HasMaxLength(1000);
            set.HasIndex(s => new { s.TenantId, s.NormalizedName }).IsUnique();
            set.HasOne<TenantInfo>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RolePermissionSet>(roleSet =>
        {
            roleSet.ToTable("RolePermissionSets");
            roleSet.HasKey(r => new { r.TenantId, r.Role, r.PermissionSetId });
            roleSet.Property(r => r.Role).HasMaxLength(32);
            roleSet.HasIndex(r => r.PermissionSetId);
            // Deleting the tenant removes these through its sets: a second cascade path would be refused by SQL Server.
            roleSet.HasOne<PermissionSet>().WithMany().HasForeignKey(r => r.PermissionSetId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("OutboxMessages");
            message.HasKey(m => m.Id);
            message.Property(m => m.To).HasMaxLength(256);
            message.Property(m => m.Subject).HasMaxLength(400);
            message.Property(m => m.LastError).HasMaxLength(2000);
            message.HasIndex(m => new { m.SentAt, m.CreatedAt });
        });

        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
        Packs.Publishing.PackPublishingModel.Configure(builder);
    }
}
