using Microsoft.OData.Edm;

namespace Saas.Platform.Expressions;

/// <summary>Builds the EDM model OData's parser binds names against: one entity type with a property per readable field.</summary>
internal static class EdmModelFactory
{
    private const string Namespace = "Saas.Expressions";

    public static (EdmModel Model, EdmEntityType Type, EdmEntitySet Set) Build(ExpressionScope scope)
    {
        var model = new EdmModel();
        var type = new EdmEntityType(Namespace, "Record");
        foreach (var field in scope.Fields)
        {
            type.AddStructuralProperty(field.ApiName, KindOf(field.Type), isNullable: true);
        }

        model.AddElement(type);
        var container = new EdmEntityContainer(Namespace, "Container");
        model.AddElement(container);
        return (model, type, container.AddEntitySet("Records", type));
    }

    private static EdmPrimitiveTypeKind KindOf(ExpressionType type) => type switch
    {
        ExpressionType.Text => EdmPrimitiveTypeKind.String,
        ExpressionType.Number => EdmPrimitiveTypeKind.Decimal,
        ExpressionType.Boolean => EdmPrimitiveTypeKind.Boolean,
        ExpressionType.Date => EdmPrimitiveTypeKind.Date,
        ExpressionType.DateTime => EdmPrimitiveTypeKind.DateTimeOffset,
        ExpressionType.Id => EdmPrimitiveTypeKind.Guid,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "A field has no null type."),
    };
}
