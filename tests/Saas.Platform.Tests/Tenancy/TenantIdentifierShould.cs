using Saas.Platform.Tenancy;

namespace Saas.Platform.Tests.Tenancy;

public sealed class TenantIdentifierShould
{
    [Theory]
    [InlineData("acme")] // letters
    [InlineData("acme-ltd-2")] // hyphens and digits
    [InlineData("abc")] // the shortest
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")] // the longest: 63
    public void Accept(string identifier) => Assert.Null(TenantIdentifier.Validate(identifier));

    [Theory]
    [InlineData(null)] // missing
    [InlineData("ab")] // too short
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")] // 64: too long
    [InlineData("Acme")] // upper case
    [InlineData("acme_ltd")] // underscore
    [InlineData("acme.ltd")] // a dot would split the host label
    [InlineData("-acme")] // leading hyphen
    [InlineData("acme-")] // trailing hyphen
    [InlineData("www")] // reserved
    [InlineData("api")] // reserved
    public void Refuse(string? identifier) => Assert.NotNull(TenantIdentifier.Validate(identifier));
}
