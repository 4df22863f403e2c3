namespace MixOpt.Training.Corpus.Quality;

/// <summary>A cheap document quality score; higher means better. Deterministic: the same text always scores the same.</summary>
public interface IQualityScorer
{
    string Name { get; }

    double Score(string text);
}
