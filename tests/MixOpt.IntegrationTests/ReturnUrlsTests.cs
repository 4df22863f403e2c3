using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MixOpt.Web.Auth;

namespace MixOpt.IntegrationTests;

/// <summary>The sign-in's return URL: LocalRedirect threw (500) on "/\evil.example" and "/" + TAB (issue 14).</summary>
public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\t")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/a\\b")]
    [InlineData("/\r\nSet-Cookie: x")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_not_plainly_local_becomes_the_home_page(string? url) => Assert.Equal("/", ReturnUrls.Safe(url));

    [Theory]
    [InlineData("/")]
    [InlineData("/studies/0197a3b2-0000-7000-8000-000000000000")]
    [InlineData("/studies?status=Running#top")]
    public void Local_paths_are_kept(string url) => Assert.Equal(url, ReturnUrls.Safe(url));

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t")]
    [InlineData("/ok")]
    [InlineData("/%09/x")]
    public async Task Every_safe_url_is_one_LocalRedirect_accepts(string url)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        await Results.LocalRedirect(ReturnUrls.Safe(url)).ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
    }
}
