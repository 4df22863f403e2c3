using Microsoft.ML.Tokenizers;

namespace MixOpt.Training.Tokenization;

/// <summary>
/// OpenAI's cl100k_base BPE through Microsoft.ML.Tokenizers (its vocabulary ships in the
/// Microsoft.ML.Tokenizers.Data.Cl100kBase package, so nothing is downloaded). Documents end with &lt;|endoftext|&gt;.
/// </summary>
public sealed class Cl100kTokenizer : ITextTokenizer
{
    public const string TokenizerName = "cl100k";
    private const string EndOfText = "<|endoftext|>";

    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    public Cl100kTokenizer()
    {
        SeparatorToken = _tokenizer.SpecialTokens?.TryGetValue(EndOfText, out var id) == true
            ? id : throw new InvalidOperationException($"cl100k_base has no {EndOfText} token.");
        // Ids are dense from 0 and cl100k's special tokens sit above all ranked merges, so the largest special id bounds the vocabulary.
        VocabSize = _tokenizer.SpecialTokens.Values.Max() + 1;
    }

    public string Name => TokenizerName;
    public int VocabSize { get; }
    public int SeparatorToken { get; }

    // Special-token text inside a document is ordinary text, not a control token.
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text, considerPreTokenization: true, considerNormalization: true);
}
