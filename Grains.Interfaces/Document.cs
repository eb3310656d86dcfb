using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans;

/// <summary>
/// A document in either docarray flavour, through one API. In v1 (docarray &lt; 0.30) it is a
/// <see cref="DocumentProto"/>: an id, one content (text, blob or tensor), an embedding, tags, chunks, matches,
/// scores and a few descriptive fields. In v2 it is a <see cref="DocProto"/>, a map from schema field to value; the
/// properties here read and write the fields of docarray's built-in schemas (<c>TextDoc</c>, <c>ImageDoc</c>, the
/// legacy document: <c>id</c>, <c>text</c>, <c>url</c>/<c>uri</c>, <c>bytes_</c>/<c>blob</c>, <c>tensor</c>,
/// <c>embedding</c>, <c>tags</c>, <c>chunks</c>, <c>matches</c>), and the indexer any other field. Either way the
/// wrapper reads and writes the wire message, so a request is never copied into another representation.
/// (The class is long because every property serves both flavours; reading and writing v2 fields is in DocNodes.)
/// </summary>
public sealed class Document
{
    private const string IdField = "id";
    private const string TextField = "text";
    private const string UrlField = "url";
    private const string UriField = "uri";
    private const string BytesField = "bytes_";
    private const string BlobField = "blob";
    private const string TensorField = "tensor";
    private const string EmbeddingField = "embedding";
    private const string TagsField = "tags";

    private DocumentProto? _v1;
    private DocProto? _v2;

    /// <summary>A new docarray v1 document with a fresh 32-hex id (added to a v2 array, it becomes v2).</summary>
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

    /// <summary>Wraps an existing v1 message (no copy).</summary>
    public Document(DocumentProto proto)
    {
        _v1 = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>Wraps an existing v2 message (no copy).</summary>
    public Document(DocProto proto)
    {
        _v2 = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The flavour of the underlying message.</summary>
    public DocArrayFlavour Flavour => _v2 is null ? DocArrayFlavour.V1 : DocArrayFlavour.V2;

    /// <summary>The underlying v1 message.</summary>
    /// <exception cref="InvalidOperationException">The document is docarray v2 (see <see cref="ProtoV2"/>).</exception>
    public DocumentProto Proto => _v1 ?? throw new InvalidOperationException("This document is docarray v2 (a DocProto); use ProtoV2, or the properties and indexer, which serve both flavours.");

    /// <summary>The underlying v2 message, or null for a v1 document.</summary>
    public DocProto? ProtoV2 => _v2;

    public string Id
    {
        get => _v1 is { } v1 ? v1.Id : _v2!.TextOf(IdField) ?? string.Empty;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_v1 is { } v1)
            {
                v1.Id = value;
            }
            else
            {
                _v2!.Data[IdField] = new NodeProto { Text = value, Type = IdField };
            }
        }
    }

    /// <summary>The text content, or null when the content is not text.</summary>
    public string? Text
    {
        get => _v1 is { } v1 ? (v1.ContentCase == DocumentProto.ContentOneofCase.Text ? v1.Text : null) : _v2!.TextOf(TextField);
        set
        {
            if (_v2 is not null)
            {
                // The hot path of text executors: no closure.
                if (value is not null)
                {
                    _v2!.NodeOrAdd(TextField).Text = value;
                }
                else
                {
                    _v2!.Node(TextField)?.ClearContent();
                }
            }
            else if (value is not null)
            {
                _v1!.Text = value;
            }
            else if (_v1!.ContentCase == DocumentProto.ContentOneofCase.Text)
            {
                _v1.ClearContent();
            }
        }
    }

    /// <summary>The binary content (v2: <c>bytes_</c>, or <c>blob</c> where the schema has it), or null.</summary>
    public ReadOnlyMemory<byte>? Blob
    {
        get
        {
            if (_v1 is { } v1)
            {
                return v1.ContentCase == DocumentProto.ContentOneofCase.Blob ? v1.Blob.Memory : (ReadOnlyMemory<byte>?)null;
            }

            return _v2!.Node(BlobName) is { ContentCase: NodeProto.ContentOneofCase.Blob } node ? node.Blob.Memory : (ReadOnlyMemory<byte>?)null;
        }

        set
        {
            if (_v2 is not null)
            {
                _v2!.SetNode(BlobName, value is { } b ? n => n.Blob = ByteString.CopyFrom(b.Span) : null);
            }
            else if (value is { } bytes)
            {
                _v1!.Blob = ByteString.CopyFrom(bytes.Span);
            }
            else if (_v1!.ContentCase == DocumentProto.ContentOneofCase.Blob)
            {
                _v1.ClearContent();
            }
        }
    }

    /// <summary>The tensor content, or null when the content is not a tensor.</summary>
    public NdArray? Tensor
    {
        get
        {
            if (_v1 is { } v1)
            {
                return v1.ContentCase == DocumentProto.ContentOneofCase.Tensor ? new NdArray(v1.Tensor) : null;
            }

            return _v2!.ArrayOf(TensorField);
        }

        set
        {
            if (_v2 is not null)
            {
                _v2!.SetArray(TensorField, value, "ndarray");
            }
            else if (value is not null)
            {
                _v1!.Tensor = value.Proto;
            }
            else if (_v1!.ContentCase == DocumentProto.ContentOneofCase.Tensor)
            {
                _v1.ClearContent();
            }
        }
    }

    /// <summary>The embedding, or null.</summary>
    public NdArray? Embedding
    {
        get => _v1 is { } v1 ? (v1.Embedding is { } e ? new NdArray(e) : null) : _v2!.ArrayOf(EmbeddingField);
        set
        {
            if (_v1 is { } v1)
            {
                v1.Embedding = value?.Proto;
            }
            else
            {
                _v2!.SetArray(EmbeddingField, value, "ndarray_embedding");
            }
        }
    }

    /// <summary>Free-form tags (v1: a protobuf Struct, numbers are doubles; v2: the <c>tags</c> dict).</summary>
    public StructDictionary Tags
    {
        get
        {
            if (_v1 is { } v1)
            {
                return new StructDictionary(v1.Tags ??= new Struct());
            }

            var node = _v2!.NodeOrAdd(TagsField);
            if (node.ContentCase != NodeProto.ContentOneofCase.Dict)
            {
                node.Dict = new DictOfAnyProto();
            }

            return new StructDictionary(node.Dict.Data);
        }
    }

    /// <summary>Sub-documents (e.g. sentences of a text), in this document's flavour.</summary>
    public DocumentArray Chunks => _v1 is { } v1 ? new DocumentArray(v1.Chunks) : _v2!.ListOf("chunks");

    /// <summary>Search results attached to this document, in this document's flavour.</summary>
    public DocumentArray Matches => _v1 is { } v1 ? new DocumentArray(v1.Matches) : _v2!.ListOf("matches");

    /// <summary>Named scores (e.g. a match's distance); docarray v1 only.</summary>
    public MapField<string, NamedScoreProto> Scores => V1Only(nameof(Scores)).Scores;

    /// <summary>Named evaluation results; docarray v1 only.</summary>
    public MapField<string, NamedScoreProto> Evaluations => V1Only(nameof(Evaluations)).Evaluations;

    /// <summary>The URI (v2: <c>url</c>, or <c>uri</c> where the schema has it).</summary>
    public string Uri
    {
        get => _v1 is { } v1 ? v1.Uri : _v2!.TextOf(UriName) ?? string.Empty;
        set
        {
            if (_v1 is { } v1)
            {
                v1.Uri = value ?? string.Empty;
            }
            else
            {
                _v2!.SetNode(UriName, string.IsNullOrEmpty(value) ? null : n => n.Text = value);
            }
        }
    }

    public string MimeType
    {
        get => _v1 is { } v1 ? v1.MimeType : _v2!.TextOf("mime_type") ?? string.Empty;
        set => SetText("mime_type", value, static (d, v) => d.MimeType = v);
    }

    public string Modality
    {
        get => _v1 is { } v1 ? v1.Modality : _v2!.TextOf("modality") ?? string.Empty;
        set => SetText("modality", value, static (d, v) => d.Modality = v);
    }

    public string ParentId
    {
        get => _v1 is { } v1 ? v1.ParentId : _v2!.TextOf("parent_id") ?? string.Empty;
        set => SetText("parent_id", value, static (d, v) => d.ParentId = v);
    }

    public float Weight
    {
        get => _v1 is { } v1 ? v1.Weight : (float)_v2!.NumberOf("weight");
        set
        {
            if (_v1 is { } v1)
            {
                v1.Weight = value;
            }
            else
            {
                _v2!.SetNode("weight", n => n.Float = value);
            }
        }
    }

    public float Offset
    {
        get => _v1 is { } v1 ? v1.Offset : (float)_v2!.NumberOf("offset");
        set
        {
            if (_v1 is { } v1)
            {
                v1.Offset = value;
            }
            else
            {
                _v2!.SetNode("offset", n => n.Float = value);
            }
        }
    }

    /// <summary>The location; docarray v1 only.</summary>
    public RepeatedField<float> Location => V1Only(nameof(Location)).Location;

    public uint Granularity
    {
        get => _v1 is { } v1 ? v1.Granularity : (uint)_v2!.NumberOf("granularity");
        set
        {
            if (_v1 is { } v1)
            {
                v1.Granularity = value;
            }
            else
            {
                _v2!.SetNode("granularity", n => n.Integer = checked((int)value));
            }
        }
    }

    public uint Adjacency
    {
        get => _v1 is { } v1 ? v1.Adjacency : (uint)_v2!.NumberOf("adjacency");
        set
        {
            if (_v1 is { } v1)
            {
                v1.Adjacency = value;
            }
            else
            {
                _v2!.SetNode("adjacency", n => n.Integer = checked((int)value));
            }
        }
    }

    /// <summary>
    /// A field by its schema name. v2: any field of the document's schema (string, int, double, bool, byte[],
    /// <see cref="NdArray"/>, <see cref="Document"/>, <see cref="DocumentArray"/>, a list or a dictionary; null when
    /// absent or None). v1: <c>id</c>, <c>text</c>, <c>uri</c>/<c>url</c>, <c>tensor</c>, <c>embedding</c>, and any
    /// other name reads and writes the tags.
    /// </summary>
    public object? this[string field]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(field);
            if (_v2 is { } v2)
            {
                return v2.Data.TryGetValue(field, out var node) ? NodeValues.ToObject(node) : null;
            }

            return field switch
            {
                IdField => Id,
                TextField => Text,
                UriField or UrlField => Uri,
                TensorField => Tensor,
                EmbeddingField => Embedding,
                BlobField or BytesField => Blob?.ToArray(),
                _ => Tags[field],
            };
        }

        set
        {
            ArgumentNullException.ThrowIfNull(field);
            if (_v2 is { } v2)
            {
                v2.Data[field] = NodeValues.FromObject(value);
                return;
            }

            switch (field)
            {
                case IdField:
                    Id = value as string ?? throw new ArgumentException("The id is a string.", nameof(value));
                    break;
                case TextField:
                    Text = (string?)value;
                    break;
                case UriField or UrlField:
                    Uri = (string?)value ?? string.Empty;
                    break;
                case TensorField:
                    Tensor = (NdArray?)value;
                    break;
                case EmbeddingField:
                    Embedding = (NdArray?)value;
                    break;
                case BlobField or BytesField:
                    Blob = value switch
                    {
                        null => null,
                        byte[] bytes => bytes,
                        ReadOnlyMemory<byte> memory => memory,
                        _ => throw new ArgumentException("The blob is bytes.", nameof(value)),
                    };
                    break;
                default:
                    Tags[field] = value;
                    break;
            }
        }
    }

    /// <summary>The schema fields a v2 document holds (v1: empty).</summary>
    public IEnumerable<string> Fields => _v2?.Data.Keys ?? Enumerable.Empty<string>();

    private string BlobName => _v2!.Data.ContainsKey(BlobField) && !_v2.Data.ContainsKey(BytesField) ? BlobField : BytesField;

    private string UriName => _v2!.Data.ContainsKey(UriField) && !_v2.Data.ContainsKey(UrlField) ? UriField : UrlField;

    /// <summary>Two wrappers are equal when they wrap the same message.</summary>
    public override bool Equals(object? obj) => obj is Document other && ReferenceEquals(Backing, other.Backing);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Backing);

    /// <inheritdoc />
    public override string ToString() => $"Document(id={Id}{(Text is { } t ? $", text='{t}'" : string.Empty)}{(_v2 is null ? string.Empty : ", docarray v2")})";

    internal object Backing => (object?)_v1 ?? _v2!;

    /// <summary>
    /// This document as a v2 message: itself, or (for a v1 document) its conversion, which this wrapper then wraps
    /// so that later edits through it reach the converted message.
    /// </summary>
    internal DocProto ToV2Proto()
    {
        if (_v2 is null)
        {
            _v2 = DocArrayConversion.ToV2(_v1!);
            _v1 = null;
        }

        return _v2;
    }

    /// <summary>This document as a v1 message: itself, or (for a v2 document) its conversion, which this wrapper then wraps.</summary>
    internal DocumentProto ToV1Proto()
    {
        if (_v1 is null)
        {
            _v1 = DocArrayConversion.ToV1(_v2!);
            _v2 = null;
        }

        return _v1;
    }

    private DocumentProto V1Only(string property) =>
        _v1 ?? throw new NotSupportedException($"{property} is a docarray v1 field; a v2 document keeps such data in a schema field (see the indexer).");

    private void SetText(string field, string? value, Action<DocumentProto, string> setV1)
    {
        if (_v1 is { } v1)
        {
            setV1(v1, value ?? string.Empty);
        }
        else
        {
            _v2!.SetNode(field, string.IsNullOrEmpty(value) ? null : n => n.Text = value);
        }
    }
}
