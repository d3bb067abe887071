using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.Platform.Tests.Workflows;

/// <summary>
/// A web server on 127.0.0.1 that webhook steps call in tests: each path answers its list of answers in turn (the last
/// one again once the list is used up) and keeps every request it received.
/// </summary>
internal sealed class HookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Route> routes = new(StringComparer.Ordinal);

    private HookServer(WebApplication app) => this.app = app;

    public string BaseAddress { get; private set; } = string.Empty;

    public static async Task<HookServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var server = new HookServer(builder.Build());
        server.app.Run(server.AnswerAsync);
        await server.app.StartAsync(TestContext.Current.CancellationToken);
        server.BaseAddress = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Serves <paramref name="path"/> with answers, each a status code or <c>{ "status": 200, "body": {...} }</c>.</summary>
    public string Serve(string path, JsonArray answers)
    {
        routes[path] = new Route([.. answers.Select(a => a!)]);
        return $"{BaseAddress}{path}";
    }

    public IReadOnlyList<HookRequest> Requests(string path) => routes.TryGetValue(path, out var route) ? [.. route.Received] : [];

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        if (!routes.TryGetValue(context.Request.Path.Value ?? string.Empty, out var route))
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var answer = route.Next();
        var status = answer is JsonObject o ? o["status"]!.GetValue<int>() : answer.GetValue<int>();
        route.Received.Enqueue(new HookRequest(
            context.Request.Method, body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), status));
        context.Response.StatusCode = status;
        if (answer is JsonObject { } withBody && withBody["body"] is { } json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
        }
    }

    private sealed class Route(List<JsonNode> answers)
    {
        private int served;

        public ConcurrentQueue<HookRequest> Received { get; } = new();

        public JsonNode Next() => answers[Math.Min(Interlocked.Increment(ref served) - 1, answers.Count - 1)];
    }
}

/// <summary>A request a <see cref="HookServer"/> received, with the status it answered.</summary>
internal sealed record HookRequest(string Method, string Body, IReadOnlyDictionary<string, string> Headers, int Status);
