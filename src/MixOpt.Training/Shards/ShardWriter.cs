using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using MixOpt.Training.Tokenization;

namespace MixOpt.Training.Shards;

/// <summary>
/// Writes one domain's shards: documents are appended as token ids (the tail <see cref="ValidationFraction"/> of
/// each document goes to validation, so both splits cover every document), then <see cref="CommitAsync"/> uploads
/// both files and the manifest to a store. Tokens stream through temporary files, so memory stays small.
/// </summary>
public sealed class ShardWriter : IDisposable
{
    private readonly SplitFile _train;
    private readonly SplitFile _validation;
    private readonly ITextTokenizer _tokenizer;
    private readonly string _domain;
    private readonly int _bytesPerToken;
    private int _documents;

    public ShardWriter(string domain, ITextTokenizer tokenizer, double validationFraction = 0.1)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in (0, 1).");
        _domain = DomainName.Validate(domain);
        _tokenizer = tokenizer;
        _bytesPerToken = ShardManifest.BytesFor(tokenizer.VocabSize);
        ValidationFraction = validationFraction;
        _train = new SplitFile(_bytesPerToken);
        _validation = new SplitFile(_bytesPerToken);
    }

    public double ValidationFraction { get; }

    public long Tokens => _train.Tokens + _validation.Tokens;

    /// <summary>Written into the manifest when this domain is a quality bucket.</summary>
    public ShardQuality? Quality { get; init; }

    /// <summary>Appends one document's tokens followed by the separator; returns how many tokens were written.</summary>
    public int AddDocument(IReadOnlyList<int> tokens)
    {
        if (tokens.Count == 0) return 0;
        var held = tokens.Count < 2 ? 0 : Math.Max(1, (int)Math.Round(tokens.Count * ValidationFraction));
        var cut = tokens.Count - held;
        for (var i = 0; i < cut; i++) _train.Write(Check(tokens[i]));
        _train.Write(_tokenizer.SeparatorToken);
        if (held > 0)
        {
            for (var i = cut; i < tokens.Count; i++) _validation.Write(Check(tokens[i]));
            _validation.Write(_tokenizer.SeparatorToken);
        }
        _documents++;
        return tokens.Count;
    }

    public async Task<ShardManifest> CommitAsync(IShardStore store, CancellationToken ct = default)
    {
        var manifest = new ShardManifest
        {
            Domain = _domain, Tokenizer = _tokenizer.Name, VocabSize = _tokenizer.VocabSize, BytesPerToken = _bytesPerToken,
            SeparatorToken = _tokenizer.SeparatorToken, Documents = _documents, ValidationFraction = ValidationFraction,
            Train = await _train.UploadAsync(store, _domain, "train.bin", ct),
            Validation = await _validation.UploadAsync(store, _domain, "validation.bin", ct),
            Quality = Quality,
        };
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ShardManifest.Json));
        await store.WriteFileAsync(_domain, ShardManifest.FileName, json, ct);
        return manifest;
    }

    private int Check(int token) =>
        (uint)token < (uint)_tokenizer.VocabSize ? token
            : throw new ArgumentOutOfRangeException(nameof(token), token, $"Token id outside the {_tokenizer.Name} vocabulary ({_tokenizer.VocabSize}).");

    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
    }

    /// <summary>A temporary file of little-endian token ids with a running SHA-256.</summary>
    private sealed class SplitFile(int bytesPerToken) : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"mixopt-shard-{Guid.NewGuid():N}.bin");
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = new byte[4];
        private FileStream? _file;

        public long Tokens { get; private set; }

        public void Write(int token)
        {
            _file ??= new FileStream(_path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            if (bytesPerToken == 2) BinaryPrimitives.WriteUInt16LittleEndian(_buffer, (ushort)token);
            else BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)token);
            _file.Write(_buffer, 0, bytesPerToken);
            _hash.AppendData(_buffer, 0, bytesPerToken);
            Tokens++;
        }

        public async Task<ShardSplit> UploadAsync(IShardStore store, string domain, string name, CancellationToken ct)
        {
            var sha = Convert.ToHexStringLower(_hash.GetCurrentHash());
            if (_file is null) await store.WriteFileAsync(domain, name, Stream.Null, ct);
            else
            {
                await _file.FlushAsync(ct);
                _file.Position = 0;
                await store.WriteFileAsync(domain, name, _file, ct);
            }
            return new ShardSplit { File = name, Tokens = Tokens, Sha256 = sha };
        }

        public void Dispose()
        {
            _file?.Dispose();
            _hash.Dispose();
            if (File.Exists(_path)) File.Delete(_path);
        }
    }
}
