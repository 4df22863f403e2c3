using System.Net;
using System.Text.Json;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

[Collection(ServiceTestCollection.Name)]
public sealed class ApiDocumentTests
{
    [Fact]
    public async Task The_openapi_document_describes_every_study_endpoint_and_the_reference_page_is_served()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);

        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/studies").TryGetProperty("post", out var post));
        Assert.True(paths.GetProperty("/api/studies").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/studies/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/studies/{id}/cancel").TryGetProperty("post", out _));
        Assert.Equal("Submit a study", post.GetProperty("summary").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _), "the 400 problem response is documented");

        var page = await host.Http.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
