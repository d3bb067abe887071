namespace Saas.Platform.Packs;

/// <summary>The names of a pack folder's files, as partners write them (docs/packs.md).</summary>
public static class PackFiles
{
    public const string Manifest = "pack.yaml";
    public const string EntitiesFolder = "entities";
    public const string ExtensionsFolder = "extensions";
    public const string Picklists = "picklists.yaml";
    public const string Permissions = "permissions.yaml";
    public const string TranslationsFolder = "translations";
    public const string DataFolder = "data";
    public const string WorkflowsFolder = "workflows";
    public const string ViewsFolder = "views";
    public const string LayoutsFolder = "layouts";
    public const string DashboardsFolder = "dashboards";

    /// <summary>The publisher of the packs shipped with the platform; its packs need no prefix.</summary>
    public const string PlatformPublisher = "platform";

    /// <summary>The version of the platform that packs declare support for in <c>platform:</c>.</summary>
    public static readonly SemVersion PlatformVersion = new(1, 0, 0, null);

    /// <summary>The CSV column naming a row, so lookup cells of other rows can refer to it.</summary>
    public const string KeyColumn = "_key";
}
