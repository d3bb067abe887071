using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Saas.Platform.Workflows;

/// <summary>Configuration section <c>Workflows:Webhooks</c>: where <c>callWebhook</c> steps may call, and how patiently.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Workflows:Webhooks";

    /// <summary>Allows targets on private, loopback and link-local addresses (refused by default, against SSRF).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Allows plain http to a loopback host, for development and tests; every other target needs https.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Retries after the first attempt when a call fails transiently (5xx, 408, 429, a network error, a timeout).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; each later retry waits about twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take with all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest answer body read (and kept in the outbox row) per call.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// Which addresses a webhook may reach: https anywhere public; http only to loopback when allowed; private, loopback,
/// link-local and other internal ranges only when allowed. Checked on save, before a call and again on connect (so a
/// DNS answer that changes between the check and the call cannot reach an internal address).
/// </summary>
internal static class WebhookTargets
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT"];

    /// <summary>The reason <paramref name="url"/> may not be called, judged from its text alone (null: it may, as far as the text says).</summary>
    public static string? CheckUrl(string? url, WebhookOptions options, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
        {
            return "The url must be an absolute https address.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "The url may not carry a user name or password; use a header.";
        }

        var loopback = parsed.IsLoopback;
        if (parsed.Scheme == "http" && !(loopback && options.AllowLoopbackHttp))
        {
            return "The url must use https.";
        }

        if (!options.AllowPrivateTargets && (loopback || (IPAddress.TryParse(parsed.DnsSafeHost, out var address) && IsInternal(address))))
        {
            return $"The host '{parsed.Host}' is a private, loopback or link-local address; webhooks call public addresses only.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Resolves the host and answers the reason none of its addresses may be called, or null.</summary>
    public static async Task<string?> CheckResolvedAsync(Uri uri, WebhookOptions options, CancellationToken cancellationToken)
    {
        if (options.AllowPrivateTargets)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException ex)
        {
            return $"The host '{uri.Host}' could not be resolved: {ex.Message}";
        }

        return addresses.Length == 0 || addresses.Any(IsInternal)
            ? $"The host '{uri.Host}' resolves to a private, loopback or link-local address; webhooks call public addresses only."
            : null;
    }

    /// <summary>Connects to the first allowed address of the host, refusing internal ones unless allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || !IsInternal(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The host '{endPoint.Host}' resolves to no public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, unspecified and multicast addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            >= 224 => true,
            _ => false,
        };
    }
}
