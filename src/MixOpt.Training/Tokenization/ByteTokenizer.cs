using System.Text;

namespace MixOpt.Training.Tokenization;

/// <summary>
/// The default tokenizer: the UTF-8 bytes of the text, vocabulary 256. Documents are separated by byte 0 (NUL),
/// which text files do not contain (NUL characters in the input are dropped for that reason).
/// </summary>
public sealed class ByteTokenizer : ITextTokenizer
{
    public const string TokenizerName = "byte";

    public string Name => TokenizerName;
    public int VocabSize => 256;
    public int SeparatorToken => 0;

    public IReadOnlyList<int> Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new List<int>(bytes.Length);
        foreach (var b in bytes)
            if (b != 0) tokens.Add(b);
        return tokens;
    }
}
