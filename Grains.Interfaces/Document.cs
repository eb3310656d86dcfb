using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;

namespace JinaOrleans;

/// <summary>
/// A Document as docarray v1 defines it: an id, one content (text, blob or tensor), an embedding,
/// tags, nested chunks and matches, scores and a few descriptive fields. A thin wrapper over
/// <see cref="DocumentProto"/>: every property reads and writes the wire message, so a request
/// is never copied into another representation.
/// </summary>
public sealed class Document
{
    /// <summary>A new document with a fresh 32-hex id.</summary>
    public Document()
        : this(new DocumentProto { Id = Identifiers.NewId() })
    {
    }

    /// <summary>A new document holding <paramref name="text"/>.</summary>
    public Document(string text)
        : this()
    {
        Text = text;
    }

    /// <summary>Wraps an existing message (no copy).</summary>
    public Document(DocumentProto proto)
    {
        Proto = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The underlying wire message.</summary>
    public DocumentProto Proto { get; }

    public string Id
    {
        get => Proto.Id;
        set => Proto.Id = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The text content, or null when the content is not text.</summary>
    public string? Text
    {
        get => Proto.ContentCase == DocumentProto.ContentOneofCase.Text ? Proto.Text : null;
        set
        {
            if (value is not null)
            {
                Proto.Text = value;
            }
            else if (Proto.ContentCase == DocumentProto.ContentOneofCase.Text)
            {
                Proto.ClearContent();
            }
        }
    }

    /// <summary>The binary content, or null when the content is not a blob.</summary>
    public ReadOnlyMemory<byte>? Blob
    {
        get => Proto.ContentCase == DocumentProto.ContentOneofCase.Blob ? Proto.Blob.Memory : (ReadOnlyMemory<byte>?)null;
        set
        {
            if (value is { } bytes)
            {
                Proto.Blob = ByteString.CopyFrom(bytes.Span);
            }
            else if (Proto.ContentCase == DocumentProto.ContentOneofCase.Blob)
            {
                Proto.ClearContent();
            }
        }
    }

    /// <summary>The tensor content, or null when the content is not a tensor.</summary>
    public NdArray? Tensor
    {
        get => Proto.ContentCase == DocumentProto.ContentOneofCase.Tensor ? new NdArray(Proto.Tensor) : null;
        set
        {
            if (value is not null)
            {
                Proto.Tensor = value.Proto;
            }
            else if (Proto.ContentCase == DocumentProto.ContentOneofCase.Tensor)
            {
                Proto.ClearContent();
            }
        }
    }

    /// <summary>The embedding, or null.</summary>
    public NdArray? Embedding
    {
        get => Proto.Embedding is { } e ? new NdArray(e) : null;
        set => Proto.Embedding = value?.Proto;
    }

    /// <summary>Free-form tags (a protobuf Struct: numbers are doubles).</summary>
    public StructDictionary Tags => new(Proto.Tags ??= new Struct());

    /// <summary>Sub-documents (e.g. sentences of a text).</summary>
    public DocumentArray Chunks => new(Proto.Chunks);

    /// <summary>Search results attached to this document.</summary>
    public DocumentArray Matches => new(Proto.Matches);

    /// <summary>Named scores (e.g. a match's distance).</summary>
    public MapField<string, NamedScoreProto> Scores => Proto.Scores;

    /// <summary>Named evaluation results.</summary>
    public MapField<string, NamedScoreProto> Evaluations => Proto.Evaluations;

    public string Uri
    {
        get => Proto.Uri;
        set => Proto.Uri = value ?? string.Empty;
    }

    public string MimeType
    {
        get => Proto.MimeType;
        set => Proto.MimeType = value ?? string.Empty;
    }

    public string Modality
    {
        get => Proto.Modality;
        set => Proto.Modality = value ?? string.Empty;
    }

    public string ParentId
    {
        get => Proto.ParentId;
        set => Proto.ParentId = value ?? string.Empty;
    }

    public float Weight
    {
        get => Proto.Weight;
        set => Proto.Weight = value;
    }

    public float Offset
    {
        get => Proto.Offset;
        set => Proto.Offset = value;
    }

    public RepeatedField<float> Location => Proto.Location;

    public uint Granularity
    {
        get => Proto.Granularity;
        set => Proto.Granularity = value;
    }

    public uint Adjacency
    {
        get => Proto.Adjacency;
        set => Proto.Adjacency = value;
    }

    /// <summary>Two wrappers are equal when they wrap the same message.</summary>
    public override bool Equals(object? obj) => obj is Document other && ReferenceEquals(Proto, other.Proto);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Proto);

    /// <inheritdoc />
    public override string ToString() => $"Document(id={Id}{(Text is { } t ? $", text='{t}'" : string.Empty)})";
}
