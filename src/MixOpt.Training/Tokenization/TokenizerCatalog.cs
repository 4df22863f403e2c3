namespace MixOpt.Training.Tokenization;

/// <summary>The tokenizers a corpus can be prepared with, by name.</summary>
public static class TokenizerCatalog
{
    public static IReadOnlyList<string> Names { get; } = [ByteTokenizer.TokenizerName, Cl100kTokenizer.TokenizerName];

    public static ITextTokenizer Create(string name) => name switch
    {
        ByteTokenizer.TokenizerName => new ByteTokenizer(),
        Cl100kTokenizer.TokenizerName => new Cl100kTokenizer(),
        _ => throw new ArgumentException($"Unknown tokenizer '{name}'; known: {string.Join(", ", Names)}."),
    };
}
