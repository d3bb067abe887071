using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Saas.Platform.Querying;

/// <summary>
/// The continuation token of a next link: where the page ended, bound to the tenant, the entity and the filter and
/// order it was computed for, protected with ASP.NET Data Protection so a client can neither read nor forge one.
/// </summary>
internal sealed class SkipTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("Saas.Platform.Querying.SkipToken.v1");

    public string Write(Guid tenantId, Guid entityId, RecordQuery query, IReadOnlyList<SortKey> keys, PagePosition position)
    {
        var values = new JsonArray();
        for (var i = 0; i < keys.Count; i++)
        {
            values.Add(position.Values[i] switch
            {
                null => null,
                DateTimeOffset instant => JsonValue.Create(instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
                string text => JsonValue.Create(text),
                decimal number => JsonValue.Create(number),
                int number => JsonValue.Create(number),
                var other => throw new InvalidOperationException($"A sort value of type {other.GetType().Name} has no token form."),
            });
        }

        var payload = new JsonObject
        {
            ["scope"] = Scope(tenantId, entityId, query),
            ["values"] = values,
            ["id"] = position.Id,
        };
        return WebEncoders.Base64UrlEncode(protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload)));
    }

    public PagePosition Read(string token, Guid tenantId, Guid entityId, RecordQuery query, IReadOnlyList<SortKey> keys)
    {
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(protector.Unprotect(WebEncoders.Base64UrlDecode(token)))!.AsObject();
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            throw Refused("The continuation token is not one this service issued; follow the @odata.nextLink as it was given");
        }

        if (payload["scope"]?.GetValue<string>() != Scope(tenantId, entityId, query))
        {
            throw Refused("The continuation token belongs to another query: keep $filter and $orderby as they were in the @odata.nextLink");
        }

        var values = payload["values"]!.AsArray();
        var read = new object?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var type = Nullable.GetUnderlyingType(keys[i].Value.Type) ?? keys[i].Value.Type;
            read[i] = values[i] is not { } value ? null
                : type == typeof(DateTimeOffset) ? DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
                : type == typeof(decimal) ? value.GetValue<decimal>()
                : type == typeof(int) ? value.GetValue<int>()
                : value.GetValue<string>();
        }

        return new PagePosition(read, payload["id"]!.GetValue<Guid>());
    }

    private static string Scope(Guid tenantId, Guid entityId, RecordQuery query) =>
        string.Join('\n', tenantId.ToString("N"), entityId.ToString("N"), query.Filter ?? string.Empty, query.OrderBy ?? string.Empty);

    private static QueryRefusedException Refused(string reason) => new(QueryOptionNames.SkipToken, reason);
}
