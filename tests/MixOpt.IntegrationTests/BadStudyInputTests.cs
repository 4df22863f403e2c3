using System.Net;
using System.Text;
using System.Text.Json;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>Bad study submissions get a 400 with ProblemDetails that names the problem, and write nothing.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class BadStudyInputTests : EmbeddedHostTests
{
    private const string Domains5 = """[{"name":"web"},{"name":"code"},{"name":"books"},{"name":"math"},{"name":"papers"}]""";

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "empty domain name", $$$"""{"name":"x","domains":[{"name":""},{"name":"code"}],"budget":{"runs":4}}""", "domains[0].name" },
        { "duplicate domain", """{"name":"x","domains":[{"name":"web"},{"name":"web"}],"budget":{"runs":4}}""", "domains[1].name" },
        { "one domain", """{"name":"x","domains":[{"name":"web"}],"budget":{"runs":4}}""", "domains" },
        { "zero budget", $$$"""{"name":"x","domains":{{{Domains5}}},"budget":{"runs":0}}""", "budget.runs" },
        { "negative budget", $$$"""{"name":"x","domains":{{{Domains5}}},"budget":{"runs":-3}}""", "budget.runs" },
        { "unknown strategy", $$$"""{"name":"x","domains":{{{Domains5}}},"budget":{"runs":4},"strategy":"astrology"}""", "strategy" },
        { "missing name", $$$"""{"domains":{{{Domains5}}},"budget":{"runs":4}}""", "name" },
        { "bad fidelity cost", $$$"""{"name":"x","domains":{{{Domains5}}},"budget":{"runs":4},"fidelities":[{"value":1,"cost":0}]}""", "fidelities[0].cost" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Invalid_studies_get_a_validation_problem_naming_the_field_and_write_nothing(string why, string body, string field)
    {
        var before = await RowCountsAsync();
        var response = await PostAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var problem = await ReadProblemAsync(response);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"{why}: no errors member");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: errors do not name '{field}': {errors}");
        Assert.Equal(before, await RowCountsAsync());
    }

    [Theory]
    [InlineData("truncated", """{"name":"x","domains":[""")]
    [InlineData("not json", "domains: [web, code]")]
    [InlineData("wrong type", """{"name":"x","domains":"web,code","budget":{"runs":4}}""")]
    [InlineData("number as string", """{"name":"x","domains":[{"name":"a"},{"name":"b"}],"budget":{"runs":"4"}}""")]
    [InlineData("unknown member", """{"name":"x","domains":[{"name":"a"},{"name":"b"}],"budget":{"runs":4},"bugdet":1}""")]
    [InlineData("null body", "null")]
    public async Task Malformed_json_gets_a_problem_and_writes_nothing(string why, string body)
    {
        var before = await RowCountsAsync();
        var response = await PostAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var problem = await ReadProblemAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_unsupported_media_type()
    {
        var before = await RowCountsAsync();
        var response = await Host.Http.PostAsync("/api/studies", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ReadProblemAsync(response);
        Assert.Equal(before, await RowCountsAsync());
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        Host.Http.PostAsync("/api/studies", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<(long Studies, long Runs, long Results)> RowCountsAsync() =>
        (await Db.CountAsync("SELECT count(*) FROM studies"), await Db.CountAsync("SELECT count(*) FROM runs"), await Db.CountAsync("SELECT count(*) FROM run_results"));
}
