using System.Net;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Querying;
using static Saas.Platform.Tests.Metadata.MetadataClient;

namespace Saas.Platform.Tests.Records;

/// <summary>Turning a field's <c>indexed</c> or <c>unique</c> on takes in the records that already exist, at once.</summary>
public abstract class FieldIndexChangesSpec(PlatformApp app)
{
    [Fact]
    public async Task A_field_indexed_after_records_exist_filters_and_sorts_all_of_them()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "fic-indexed");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("city", "text"), Field("size", "number"));
        await api.CreatedAsync("item", new { title = "one", city = "Berlin", size = 3 });
        await api.CreatedAsync("item", new { title = "two", city = "上海", size = 1 });
        await api.CreatedAsync("item", new { title = "three", city = "Berlin", size = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, (await query.QueryAsync("item", ("$filter", "city eq 'Berlin'"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/item/fields/city", new { indexed = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/item/fields/size", new { indexed = true })).Status);

        Assert.Equal(["one", "three"], await query.TitlesAsync("item", "city eq 'Berlin'"));
        Assert.Equal(["two"], await query.TitlesAsync("item", "city eq '上海'"));
        Assert.Equal(["two", "three", "one"], await query.TitlesAsync("item", "size gt 0", orderBy: "size"));
    }

    [Fact]
    public async Task A_field_made_unique_is_refused_while_two_records_share_a_value_and_then_refuses_a_copy_of_an_old_value()
    {
        var query = await QueryClient.ForNewTenantAsync(app, "fic-unique");
        var api = query.Records;
        await api.Metadata.CreateEntityAsync("item", Field("title", "text", indexed: true), Field("code", "text"));
        await api.CreatedAsync("item", new { title = "one", code = "A-1" });
        var copy = await api.CreatedAsync("item", new { title = "two", code = "a-1" });

        var refused = await api.Metadata.PatchAsync("/item/fields/code", new { unique = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("2 record(s) share a value", refused.Messages("unique"), StringComparison.Ordinal);
        Assert.Contains(copy.Id.ToString(), refused.Messages("unique"), StringComparison.Ordinal);
        Assert.False((await api.Metadata.GetAsync("/item/fields/code")).Body!["unique"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("item", copy.Id, new { code = "A-2" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Metadata.PatchAsync("/item/fields/code", new { unique = true })).Status);

        var duplicate = await api.CreateAsync("item", new { title = "three", code = "A-1" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Contains("must be unique", duplicate.Messages("code"), StringComparison.Ordinal);
        Assert.Equal(["two"], await query.TitlesAsync("item", "code eq 'A-2'"));
    }
}

[Collection(OnSqlite.Name)]
public sealed class FieldIndexChangesOnSqlite(SqliteApp app) : FieldIndexChangesSpec(app);

[Collection(OnPostgres.Name)]
public sealed class FieldIndexChangesOnPostgres(PostgresApp app) : FieldIndexChangesSpec(app);
