namespace Saas.Platform.Access;

/// <summary>Which records an action reaches, least to most: none, the caller's own, their teams', every record.</summary>
public enum RecordScope
{
    None,
    Own,
    Team,
    All,
}

/// <summary>What a caller may do with a field's value, least to most.</summary>
public enum FieldAccess
{
    None,
    Read,
    Edit,
}

/// <summary>The words of the rules JSON for scopes and field access.</summary>
internal static class AccessWords
{
    public static string Of(RecordScope scope) => scope.ToString().ToLowerInvariant();

    public static string Of(FieldAccess access) => access.ToString().ToLowerInvariant();

    public static RecordScope? Scope(string? word) => word switch
    {
        "own" => RecordScope.Own,
        "team" => RecordScope.Team,
        "all" => RecordScope.All,
        _ => null,
    };

    public static FieldAccess? Field(string? word) => word switch
    {
        "none" => FieldAccess.None,
        "read" => FieldAccess.Read,
        "edit" => FieldAccess.Edit,
        _ => null,
    };
}
