using System.Text;
using System.Text.Json.Nodes;
using MixOpt.Web.Api;
using YamlDotNet.Core;

namespace MixOpt.IntegrationTests;

/// <summary>
/// The YAML reader (no service needed): the 7-byte self-referencing alias that overflowed the stack and ended the
/// process, alias bombs, deep nesting and tags (issue 14). Each must be a YamlException (a 400), never a crash.
/// </summary>
public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("&a [*a]")]
    [InlineData("&a {x: *a}")]
    [InlineData("a: &b [1, [2, *b]]")]
    public void A_recursive_alias_is_refused(string yaml) =>
        Assert.Contains("recursive", Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml)).Message);

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void An_alias_bomb_is_refused_before_it_expands(int levels)
    {
        // a0 = [x × 9], a1 = [*a0 × 9], ... : 9^levels nodes once expanded.
        var yaml = new StringBuilder("a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
        for (var i = 1; i <= levels; i++)
            yaml.Append($"a{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        Assert.Contains("aliases are expanded", Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml.ToString())).Message);
    }

    [Fact]
    public void A_long_string_aliased_many_times_is_refused()
    {
        var yaml = $"s: &s {new string('x', 100_000)}\nl: [{string.Join(",", Enumerable.Repeat("*s", 100))}]";
        Assert.Contains("characters", Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml)).Message);
    }

    [Theory]
    [InlineData(1_100)]
    [InlineData(50_000)]
    public void Deep_nesting_is_refused(int depth)
    {
        var yaml = new string('[', depth) + new string(']', depth);
        Assert.Contains("deeper", Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml)).Message);
    }

    [Fact]
    public void Aliases_that_nest_too_deep_together_are_refused()
    {
        var yaml = "a: &a " + new string('[', 40) + new string(']', 40) + "\nb: " + new string('[', 30) + "*a" + new string(']', 30);
        Assert.Contains("deeper", Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml)).Message);
    }

    [Theory]
    [InlineData("!!python/object:os.system {}")]
    [InlineData("name: !!python/object/apply:os.system [ls]")]
    [InlineData("name: !custom x")]
    [InlineData("seed: !!int x")]
    public void Tags_outside_the_core_schema_or_values_that_do_not_fit_their_tag_are_refused(string yaml) =>
        Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml));

    [Fact]
    public void Core_tags_fix_the_type()
    {
        var json = YamlToJson.Convert("a: !!str 4\nb: !!int 4\nc: !!float 1.5\nd: ! 7\ne: !!bool true\nf: !!null null\n")!.AsObject();
        Assert.Equal("\"4\"", json["a"]!.ToJsonString());
        Assert.Equal("4", json["b"]!.ToJsonString());
        Assert.Equal("1.5", json["c"]!.ToJsonString());
        Assert.Equal("\"7\"", json["d"]!.ToJsonString());
        Assert.Equal("true", json["e"]!.ToJsonString());
        Assert.Null(json["f"]);
    }

    [Fact]
    public void Ordinary_anchors_still_work_and_plain_scalars_follow_the_core_schema()
    {
        var json = YamlToJson.Convert("base: &d {name: web}\ndomains: [*d, {name: code}]\nseed: 7\nx: 1.5e3\nq: '7'\nn: ~\n")!.AsObject();
        Assert.Equal("""[{"name":"web"},{"name":"code"}]""", json["domains"]!.ToJsonString());
        Assert.Equal("7", json["seed"]!.ToJsonString());
        Assert.Equal("1500", json["x"]!.ToJsonString());
        Assert.Equal("\"7\"", json["q"]!.ToJsonString());
        Assert.True(json.ContainsKey("n") && json["n"] is null);
    }

    [Theory]
    [InlineData("a: .inf")]
    [InlineData("a: 1e400")]
    [InlineData("a: 1\na: 2")]
    [InlineData("[1]: x")]
    [InlineData("a: 1\n---\nb: 2")]
    [InlineData("a: *nowhere")]
    public void Other_bad_documents_are_yaml_errors(string yaml) => Assert.ThrowsAny<YamlException>(() => YamlToJson.Convert(yaml));
}
