using MixOpt.Core.Corpora;

namespace MixOpt.Core.Tests.Corpora;

public sealed class ShardLocationTests
{
    [Theory]
    [InlineData("/data/corpus", ShardLocationKind.Folder, "/data/corpus", "", "/data/corpus")]
    [InlineData("shards", ShardLocationKind.Folder, "shards", "", "shards")]
    [InlineData("C:\\corpus", ShardLocationKind.Folder, "C:\\corpus", "", "C:\\corpus")]
    [InlineData("blob:demo", ShardLocationKind.Corpus, "demo", "", "blob:demo")]
    [InlineData("blob://corpora", ShardLocationKind.Container, "corpora", "", "blob://corpora")]
    [InlineData("blob://corpora/", ShardLocationKind.Container, "corpora", "", "blob://corpora")]
    [InlineData("blob://corpora/weekly", ShardLocationKind.Container, "corpora", "weekly/", "blob://corpora/weekly/")]
    [InlineData("blob://my-corpus-1/2026/week.48/", ShardLocationKind.Container, "my-corpus-1", "2026/week.48/", "blob://my-corpus-1/2026/week.48/")]
    public void Each_form_parses_to_its_kind_and_prints_canonically(string text, ShardLocationKind kind, string name, string prefix, string canonical)
    {
        var location = ShardLocation.Parse(text);
        Assert.Equal(kind, location.Kind);
        Assert.Equal(name, location.Name);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal(canonical, location.ToString());
        Assert.Equal(location, ShardLocation.Parse(canonical));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("s3://bucket/corpus", "Unknown shard location")]
    [InlineData("https://account.blob.core.windows.net/c", "Unknown shard location")]
    [InlineData("blob://ab", "container name")]
    [InlineData("blob://Corpora", "container name")]
    [InlineData("blob://corp--ora", "container name")]
    [InlineData("blob://-corpora", "container name")]
    [InlineData("blob://corpora-", "container name")]
    [InlineData("blob://corpora/../etc", "prefix")]
    [InlineData("blob://corpora/a//b", "prefix")]
    [InlineData("blob://corpora/we ekly", "prefix")]
    [InlineData("blob:", "blob:NAME")]
    [InlineData("blob:a/b", "blob:NAME")]
    [InlineData("blob:/abs", "blob:NAME")]
    [InlineData("/data/\u0000corpus", "printable")]
    public void A_malformed_location_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(ShardLocation.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem);
        Assert.DoesNotContain('\0', problem);
        Assert.Equal(problem, Assert.Throws<FormatException>(() => ShardLocation.Parse(text)).Message);
    }

    [Fact]
    public void A_location_longer_than_the_limit_is_refused() =>
        Assert.False(ShardLocation.TryParse("/" + new string('a', ShardLocation.MaxLength), out _, out _));
}
