using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Layouts;

internal sealed class LayoutService(TenantDbContext db, IMetadataService metadata) : ILayoutService
{
    /// <summary>The api name of the default layout's one section.</summary>
    public const string DefaultSection = "details";

    /// <summary>The api name of the trailing section (suffixed by a number when a stored section has it already).</summary>
    public const string OtherSection = "otherFields";

    /// <summary>Sections show two columns unless told otherwise, as the record page did before layouts.</summary>
    public const int GeneratedColumns = 2;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<EntityLayout?> GetAsync(string entity, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entity) is not { } definition)
        {
            return null;
        }

        var stored = await db.Set<StoredLayout>().AsNoTracking().FirstOrDefaultAsync(l => l.EntityId == definition.Id, cancellationToken);
        return Effective(definition, stored);
    }

    /// <summary>The stored sections without the fields no longer live, then the unplaced live fields; or the default layout.</summary>
    public static EntityLayout Effective(EntityDefinition definition, StoredLayout? stored)
    {
        if (stored is null)
        {
            return new EntityLayout(definition.ApiName, true, [new LayoutSection(DefaultSection, LayoutTexts.Details, GeneratedColumns, [.. definition.Fields.Select(f => f.ApiName)])], null);
        }

        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sections = new List<LayoutSection>();
        foreach (var section in Read(stored))
        {
            var fields = section.Fields.Select(definition.FindField).OfType<FieldDefinition>().Where(f => placed.Add(f.ApiName)).Select(f => f.ApiName).ToList();
            sections.Add(section with { Fields = fields });
        }

        var unplaced = definition.Fields.Where(f => !placed.Contains(f.ApiName)).Select(f => f.ApiName).ToList();
        if (unplaced.Count > 0)
        {
            var name = OtherSection;
            for (var n = 2; sections.Any(s => string.Equals(s.ApiName, name, StringComparison.OrdinalIgnoreCase)); n++)
            {
                name = $"{OtherSection}{n}";
            }

            sections.Add(new LayoutSection(name, LayoutTexts.OtherFields, GeneratedColumns, unplaced));
        }

        return new EntityLayout(definition.ApiName, false, sections, stored.ModifiedAt);
    }

    public static IReadOnlyList<LayoutSection> Read(StoredLayout stored) =>
        JsonSerializer.Deserialize<List<LayoutSection>>(stored.Sections, Json) ?? [];

    public static string Write(IReadOnlyList<LayoutSection> sections) => JsonSerializer.Serialize(sections, Json);
}
