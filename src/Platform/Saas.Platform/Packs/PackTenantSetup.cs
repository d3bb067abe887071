using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Packs;

/// <summary>Installs the packs a new tenant's request names (<c>"packs": ["core", "retail"]</c>), in the tenant's own scope.</summary>
internal sealed class PackTenantSetup(PackCatalog catalog, ITenantSetter tenantSetter, IServiceScopeFactory scopes) : ITenantSetup
{
    public IReadOnlyDictionary<string, string[]> Validate(CreateTenantRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var listed = request.Packs ?? [];
        for (var i = 0; i < listed.Count; i++)
        {
            var id = listed[i];
            var path = $"packs[{i}]";
            if (catalog.Find(id ?? string.Empty) is not { } found)
            {
                errors[path] = [$"The catalog has no pack '{id}'; it has {string.Join(", ", catalog.Ids())}."];
            }
            else if (!found.IsValid)
            {
                errors[path] = [$"The pack '{id}' does not pass validation: {string.Join("; ", found.Problems.Take(3))}"];
            }
            else if (listed.Take(i).Contains(id))
            {
                errors[path] = [$"'{id}' is listed twice."];
            }
            else if ((found.Pack!.Manifest.Dependencies ?? new Dictionary<string, string>()).Keys.FirstOrDefault(d => !listed.Take(i).Contains(d)) is { } missing)
            {
                errors[path] = [$"'{id}' builds on '{missing}': list '{missing}' before it."];
            }
        }

        return errors;
    }

    public async Task RunAsync(TenantInfo tenant, CreateTenantRequest request, string actor, CancellationToken cancellationToken)
    {
        if (request.Packs is { Count: > 0 } ids)
        {
            await InstallAsync(tenant, ids, request.SampleData == true, actor, cancellationToken);
        }
    }

    /// <summary>Installs those of <paramref name="ids"/> the tenant does not have yet; a refusal is an error, since the request was validated.</summary>
    public async Task InstallAsync(TenantInfo tenant, IEnumerable<string> ids, bool sampleData, string actor, CancellationToken cancellationToken)
    {
        using (tenantSetter.Begin(tenant))
        {
            await using var scope = scopes.CreateAsyncScope();
            var installer = scope.ServiceProvider.GetRequiredService<PackInstaller>();
            var installed = (await installer.ListAsync(cancellationToken)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in ids.Where(i => !installed.Contains(i)))
            {
                var outcome = await installer.InstallAsync(new InstallPackRequest(id, null, sampleData), actor, cancellationToken);
                if (outcome.Installed is null)
                {
                    throw new InvalidOperationException(
                        $"The pack '{id}' could not be installed in tenant '{tenant.Identifier}': {outcome.Detail} {string.Join("; ", outcome.Problems ?? [])}");
                }
            }
        }
    }
}
