using Saas.Platform.Workflows;

namespace Saas.Platform.Tests.Workflows;

/// <summary>Where a webhook step may call with the default options: public https only (against SSRF).</summary>
public sealed class WebhookTargetsShould
{
    [Theory]
    [InlineData("https://hooks.example.com/x", null)] // a public https address
    [InlineData("https://93.184.216.34/x", null)] // a public address literal
    [InlineData("http://hooks.example.com/x", "must use https")] // plain http
    [InlineData("ftp://hooks.example.com/x", "absolute https")] // another scheme
    [InlineData("/relative", "absolute https")] // not absolute
    [InlineData("https://user:pw@hooks.example.com/x", "user name or password")] // credentials in the address
    [InlineData("https://127.0.0.1/x", "private, loopback or link-local")] // loopback
    [InlineData("https://localhost/x", "private, loopback or link-local")] // loopback by name
    [InlineData("https://10.1.2.3/x", "private, loopback or link-local")] // RFC 1918
    [InlineData("https://172.20.0.1/x", "private, loopback or link-local")] // RFC 1918
    [InlineData("https://192.168.1.1/x", "private, loopback or link-local")] // RFC 1918
    [InlineData("https://169.254.169.254/latest/meta-data", "private, loopback or link-local")] // cloud metadata, link-local
    [InlineData("https://100.64.0.1/x", "private, loopback or link-local")] // carrier-grade NAT
    [InlineData("https://[::1]/x", "private, loopback or link-local")] // IPv6 loopback
    [InlineData("https://[fe80::1]/x", "private, loopback or link-local")] // IPv6 link-local
    [InlineData("https://[fd00::1]/x", "private, loopback or link-local")] // IPv6 unique local
    [InlineData("https://[::ffff:10.0.0.1]/x", "private, loopback or link-local")] // IPv4-mapped private
    public void Refuse_all_but_public_https(string url, string? reason)
    {
        var refused = WebhookTargets.CheckUrl(url, new WebhookOptions(), out _);
        if (reason is null)
        {
            Assert.Null(refused);
        }
        else
        {
            Assert.Contains(reason, refused, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Allow_loopback_http_only_when_configured()
    {
        var options = new WebhookOptions { AllowLoopbackHttp = true, AllowPrivateTargets = true };
        Assert.Null(WebhookTargets.CheckUrl("http://127.0.0.1:5000/x", options, out _));
        Assert.Contains("must use https", WebhookTargets.CheckUrl("http://10.0.0.1/x", options, out _), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_name_that_resolves_to_loopback()
    {
        var refused = await WebhookTargets.CheckResolvedAsync(new Uri("https://localhost/x"), new WebhookOptions(), TestContext.Current.CancellationToken);
        Assert.Contains("private, loopback or link-local", refused, StringComparison.Ordinal);
    }
}
