using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Saas.Platform.Security;

namespace Saas.Platform.Tests.Infrastructure;

/// <summary>People in tests: invitations accepted through the mail the host sends, and bearer-token clients.</summary>
public static partial class TestPeople
{
    public const string Password = "Correct-horse-42";

    /// <summary>Invites <paramref name="email"/> with the admin key, accepts the invitation from the mail, answers the new member.</summary>
    public static async Task<MemberResponse> AddMemberAsync(this PlatformApp app, string tenant, string adminKey, string email, string role)
    {
        var earlier = app.MailFiles();
        var invite = await app.ClientWithKey(adminKey).PostAsJsonAsync($"/t/{tenant}/api/invitations", new { email, role });
        invite.EnsureSuccessStatusCode();
        var token = await app.TokenFromMailAsync(email, InvitationToken(), earlier);
        var accepted = await app.ClientWithKey(null).PostAsJsonAsync("/api/invitations/accept", new { token, password = Password, displayName = email });
        accepted.EnsureSuccessStatusCode();
        return (await accepted.Content.ReadFromJsonAsync<MemberResponse>())!;
    }

    /// <summary>A client that sends the bearer token of a password sign-in.</summary>
    public static async Task<HttpClient> SignedInAsync(this PlatformApp app, string email, string password = Password)
    {
        var response = await app.ClientWithKey(null).PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var client = app.ClientWithKey(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The mail files written so far.</summary>
    /// <summary>A browser-like client signed in with the session cookie sends this header on writes.</summary>
    public static async Task WithAntiforgeryTokenAsync(this HttpClient browser)
    {
        var answer = await browser.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery", TestContext.Current.CancellationToken);
        browser.DefaultRequestHeaders.Add(answer.GetProperty("headerName").GetString()!, answer.GetProperty("token").GetString());
    }

    public static IReadOnlySet<string> MailFiles(this PlatformApp app) =>
        Directory.Exists(app.MailDirectory) ? Directory.GetFiles(app.MailDirectory, "*.eml").ToHashSet() : new HashSet<string>();

    /// <summary>Waits for a mail to <paramref name="email"/> not among <paramref name="earlier"/> and reads a token out of it.</summary>
    public static async Task<string> TokenFromMailAsync(this PlatformApp app, string email, Regex token, IReadOnlySet<string>? earlier = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var body = app.MailFiles()
                .Where(path => earlier?.Contains(path) != true)
                .Select(path => MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(to => to.Address == email))
                .Select(m => m.TextBody)
                .FirstOrDefault(text => text is not null && token.IsMatch(text));
            if (body is not null)
            {
                return token.Match(body).Groups["token"].Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail with a token reached {email}.");
    }

    [GeneratedRegex("accept\\?token=(?<token>[A-Za-z0-9_-]+)")]
    public static partial Regex InvitationToken();

    [GeneratedRegex("this token: (?<token>\\S+)")]
    public static partial Regex ResetToken();
}
