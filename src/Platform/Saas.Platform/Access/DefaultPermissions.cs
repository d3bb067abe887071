using System.Collections.Immutable;
using Saas.Platform.Security;

namespace Saas.Platform.Access;

/// <summary>What each role may do when the tenant has given it no permission sets.</summary>
internal static class DefaultPermissions
{
    private static readonly ImmutableDictionary<string, FieldAccess> NoFields = ImmutableDictionary<string, FieldAccess>.Empty;

    private static readonly ImmutableDictionary<string, EntityRule> Rules = new Dictionary<string, EntityRule>
    {
        [TenantRoles.Admin] = EntityRule.Full,
        [TenantRoles.Manager] = EntityRule.Full,
        [TenantRoles.Staff] = new(true, RecordScope.All, RecordScope.All, RecordScope.Own, false, NoFields, FieldAccess.Edit),
        [TenantRoles.ReadOnly] = new(false, RecordScope.All, RecordScope.None, RecordScope.None, false, NoFields, FieldAccess.Read),
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [TenantRoles.Admin] = "create, read, update, delete and export all records, every field",
        [TenantRoles.Manager] = "create, read, update, delete and export all records, every field",
        [TenantRoles.Staff] = "create, read and update all records, delete their own, no export, every field",
        [TenantRoles.ReadOnly] = "read all records and every field, change nothing",
    }.ToImmutableDictionary();

    /// <summary>The default rules of a role, for every entity.</summary>
    public static PermissionRules Of(string role) =>
        new(ImmutableDictionary.Create<string, EntityRule>(StringComparer.OrdinalIgnoreCase).Add(PermissionRules.EveryEntity, Rules.GetValueOrDefault(role) ?? ReadNothing));

    public static string Describe(string role) => Descriptions.GetValueOrDefault(role) ?? "nothing";

    private static EntityRule ReadNothing => new(false, RecordScope.None, RecordScope.None, RecordScope.None, false, NoFields, FieldAccess.None);
}
