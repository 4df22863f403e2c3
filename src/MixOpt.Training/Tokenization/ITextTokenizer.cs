namespace MixOpt.Training.Tokenization;

/// <summary>Turns text into token ids for the shards; <see cref="SeparatorToken"/> ends each document.</summary>
public interface ITextTokenizer
{
    string Name { get; }
    int VocabSize { get; }
    int SeparatorToken { get; }
    IReadOnlyList<int> Encode(string text);
}
