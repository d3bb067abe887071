using System.Collections.Immutable;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Querying;

/// <summary>The column of the index table that holds a field's values.</summary>
internal enum IndexColumn
{
    Text,
    Number,
    Date,
    Boolean,
    Id,
}

/// <summary>
/// A name a query may use: a system field, which is a column of the record table, or a field of the entity, whose
/// values a filter or sort reads from the index table (so only when the field is indexed).
/// </summary>
internal sealed record QueryField(string ApiName, ExpressionType Type, string? RecordColumn, FieldDefinition? Field)
{
    public static readonly ImmutableArray<QueryField> System =
    [
        new("id", ExpressionType.Id, nameof(StoredRecord.Id), null),
        new("name", ExpressionType.Text, nameof(StoredRecord.Name), null),
        new("ownerId", ExpressionType.Id, nameof(StoredRecord.OwnerId), null),
        new("createdAt", ExpressionType.DateTime, nameof(StoredRecord.CreatedAt), null),
        new("modifiedAt", ExpressionType.DateTime, nameof(StoredRecord.ModifiedAt), null),
    ];

    /// <summary>The system fields an answer always carries; <c>$select</c> picks among the others.</summary>
    public static readonly ImmutableArray<string> Answered = ["id", "name", "ownerId", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "version"];

    public bool IsSystem => RecordColumn is not null;

    /// <summary>The index column of an entity field of a type the index table holds; formulas and roll-ups by their result type.</summary>
    public IndexColumn? Column => (Field?.Settings switch
    {
        FormulaSettings formula => formula.ResultType,
        RollupSettings rollup => rollup.ResultType,
        _ => Field?.Type,
    }) switch
    {
        Number or Currency or Percent => IndexColumn.Number,
        Date or FieldType.DateTime => IndexColumn.Date,
        FieldType.Boolean => IndexColumn.Boolean,
        Lookup or Owner => IndexColumn.Id,
        Text or Email or Phone or Url or Picklist or AutoNumber => IndexColumn.Text,
        _ => null,
    };

    /// <summary>The records table's column holding the field's values (see <see cref="IndexSlots"/>); null when only the index table does.</summary>
    public string? Slot => Field is null ? null : IndexSlots.ColumnOf(Field);

    /// <summary>Refuses a field that a filter or sort cannot read in SQL, saying what to do about it.</summary>
    public void EnsureQueryable(string option, string use)
    {
        if (IsSystem)
        {
            return;
        }

        if (Column is null)
        {
            throw new QueryRefusedException(option, $"The {Field!.Type} field '{ApiName}' cannot be used to {use}: its values are not kept in the index by type.");
        }

        if (!Field!.Indexed)
        {
            throw new QueryRefusedException(option, $"The field '{ApiName}' is not indexed, so it cannot be used to {use}. Mark it indexed (PATCH the field with \"indexed\": true) first.");
        }
    }

    /// <summary>The fields of a query on <paramref name="entity"/>, and the expression scope the OData parser binds against.</summary>
    /// <remarks>Without <paramref name="withName"/> the name is unknown, as the field it copies is to this caller.</remarks>
    public static (IReadOnlyDictionary<string, QueryField> Fields, ExpressionScope Scope) Of(EntityDefinition entity, bool withName = true)
    {
        var entityScope = ExpressionScope.Of(entity);
        var fields = new Dictionary<string, QueryField>(StringComparer.OrdinalIgnoreCase);
        var system = withName ? System : System.RemoveAll(s => s.ApiName == "name");
        foreach (var known in system)
        {
            fields[known.ApiName] = known;
        }

        foreach (var field in entityScope.Fields)
        {
            fields[field.ApiName] = new QueryField(field.ApiName, field.Type, null, entity.FindField(field.ApiName));
        }

        var scope = entityScope with { Fields = entityScope.Fields.AddRange(system.Select(s => new ExpressionField(s.ApiName, s.Type))) };
        return (fields, scope);
    }
}
