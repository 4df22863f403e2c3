using MixOpt.Core.Text;

namespace MixOpt.Core.Tests.Text;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("five domains")]
    [InlineData("混合")]
    [InlineData("e\u0301")]          // a letter with a combining accent
    [InlineData("\U0001F600 emoji")] // a surrogate pair
    public void Ordinary_names_pass(string name) => Assert.Null(TextRules.NameProblem(name, 200));

    [Theory]
    [InlineData("\u200B", "visible")]
    [InlineData("\u0301", "visible")]
    [InlineData("a\u0000", "NUL")]
    [InlineData("a\nb", "control")]
    public void Names_say_why_they_are_refused(string name, string reason) => Assert.Contains(reason, TextRules.NameProblem(name, 200));

    [Fact]
    public void An_unpaired_surrogate_is_not_well_formed()
    {
        Assert.Contains("surrogate", TextRules.NameProblem(new string((char)0xDC00, 1), 200));
        Assert.Contains("surrogate", TextRules.StorageProblem("a" + (char)0xD800));
        Assert.True(TextRules.IsWellFormed("\U0001F600"));
    }

    [Fact]
    public void Free_text_keeps_line_breaks_but_not_nul()
    {
        Assert.Null(TextRules.FreeTextProblem("CUDA out of memory\n  at step 12\ttrace"));
        Assert.Null(TextRules.FreeTextProblem(null));
        Assert.Null(TextRules.StorageProblem(null));
        Assert.Contains("NUL", TextRules.FreeTextProblem("oops\u0000"));
        Assert.NotNull(TextRules.FreeTextProblem("bell\u0007"));
        Assert.Equal("a?b", TextRules.Printable("a\u0000b"));
    }
}
