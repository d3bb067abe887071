using System.ComponentModel.DataAnnotations;
using Saas.Platform.RateLimits;

namespace Saas.Platform.Tests.RateLimits;

/// <summary>The <c>RateLimits</c> section is checked at start-up with the same validator this test uses.</summary>
public sealed class RateLimitsOptionsShould
{
    [Theory]
    [InlineData(1200, 600, "acme", 5000, null)] // the defaults with one override
    [InlineData(0, 600, "acme", 5000, "PermitsPerMinute")] // no requests at all
    [InlineData(1200, 1_000_001, "acme", 5000, "ClientPermitsPerMinute")] // above the maximum
    [InlineData(1200, 600, "acme", 0, "RateLimits:Tenants:acme must be 1 to")] // an override of nothing
    [InlineData(1200, 600, "Acme", 5000, "RateLimits:Tenants:Acme: The identifier may hold only lowercase")] // identifiers are lowercase
    [InlineData(1200, 600, "a", 5000, "RateLimits:Tenants:a: The identifier must be 3 to 63")] // not an identifier
    public void Refuse_what_cannot_be_a_quota(int permits, int clientPermits, string tenant, int tenantPermits, string? error)
    {
        var options = new RateLimitsOptions
        {
            PermitsPerMinute = permits,
            ClientPermitsPerMinute = clientPermits,
            Tenants = { [tenant] = tenantPermits },
        };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(error is null, valid);
        if (error is not null)
        {
            Assert.Contains(results, r => r.ErrorMessage!.Contains(error, StringComparison.Ordinal) || r.MemberNames.Contains(error));
        }
    }

    [Fact]
    public void Give_a_tenant_its_override_and_everyone_else_the_default()
    {
        var options = new RateLimitsOptions { PermitsPerMinute = 100, Tenants = { ["acme"] = 5000 } };

        Assert.Equal((5000, 100), (options.PermitsPerMinuteFor("acme"), options.PermitsPerMinuteFor("globex")));
    }
}
