using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;

namespace Saas.Platform.Security;

/// <summary>Says at start-up which operator key to use, or that there is none.</summary>
internal sealed class OperatorKeyNotice(OperatorKey key, ILogger<OperatorKeyNotice> logger) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (key.GeneratedSecret is { } secret)
        {
            logger.LogInformation("Development operator API key: {ApiKey} (kept in {KeyFile}); send it as X-Api-Key to /api/tenants", secret, key.GeneratedIn);
        }
        else if (!key.IsConfigured)
        {
            logger.LogWarning("No operator API key is configured (Platform:OperatorApiKey): tenants cannot be created through the API");
        }

        return Task.CompletedTask;
    }
}
