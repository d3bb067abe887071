using Saas.Platform.Metadata;

namespace Saas.Platform.Tests.Metadata;

public sealed class MetadataApiNameShould
{
    [Theory]
    [InlineData("opportunity")] // plain lowercase
    [InlineData("salesOrder")] // camelCase
    [InlineData("sales_order")] // snake_case
    [InlineData("acme_loyalty_tier")] // a pack's publisher prefix
    [InlineData("ab")] // the shortest name
    [InlineData("order2")] // digits after the first letter
    public void Accept_a_valid_entity_name(string name) => Assert.Null(MetadataApiName.ValidateEntityName(name));

    [Theory]
    [InlineData(null, "required")] // missing
    [InlineData("", "required")] // empty
    [InlineData("a", "2 to 60")] // too short
    [InlineData("abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdef", "2 to 60")] // 61 characters
    [InlineData("Opportunity", "lowercase letter")] // starts with a capital
    [InlineData("2fast", "lowercase letter")] // starts with a digit
    [InlineData("_hidden", "lowercase letter")] // starts with an underscore
    [InlineData("sales-order", "lowercase letter")] // a hyphen
    [InlineData("sales order", "lowercase letter")] // a space
    [InlineData("商机", "lowercase letter")] // not ASCII
    [InlineData("sales__order", "two underscores")] // a double underscore, kept for system suffixes
    [InlineData("order_", "end with one")] // a trailing underscore
    [InlineData("metadata", "reserved")] // a route word
    [InlineData("search", "reserved")] // a route word
    [InlineData("data", "reserved")] // a route word
    [InlineData("api", "reserved")] // a route word
    [InlineData("user", "reserved")] // a platform object
    public void Refuse_an_entity_name_with_the_reason(string? name, string reason) =>
        Assert.Contains(reason, MetadataApiName.ValidateEntityName(name), StringComparison.Ordinal);

    [Theory]
    [InlineData("id")] // the record id
    [InlineData("name")] // the record's system name
    [InlineData("tenantId")] // the record's tenant
    [InlineData("ownerId")] // the record's owner
    [InlineData("owner")] // the record's owner
    [InlineData("createdAt")] // audit columns
    [InlineData("createdBy")]
    [InlineData("modifiedAt")]
    [InlineData("modifiedBy")]
    [InlineData("version")] // the concurrency version
    [InlineData("deletedAt")] // the recycle bin
    [InlineData("and")] // a $filter keyword
    [InlineData("eq")] // a $filter operator
    public void Refuse_the_system_field_names(string name) => Assert.NotNull(MetadataApiName.ValidateFieldName(name));

    [Fact]
    public void Refuse_reserved_field_names_in_any_case()
    {
        Assert.Contains("reserved", MetadataApiName.ValidateFieldName("createdat"), StringComparison.Ordinal);
        Assert.Contains("every record has this system field", MetadataApiName.ValidateFieldName("ownerID"), StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_reserved_entity_words_as_field_names_and_picklist_values()
    {
        Assert.Null(MetadataApiName.ValidateFieldName("search"));
        Assert.Null(MetadataApiName.ValidateValueName("name"));
        Assert.Null(MetadataApiName.ValidateFieldName("amount"));
    }

    [Fact]
    public void Normalize_names_that_differ_only_in_case_to_one()
    {
        Assert.Equal(MetadataApiName.Normalize("salesOrder"), MetadataApiName.Normalize("salesorder"));
    }
}
