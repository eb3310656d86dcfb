using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.Collections;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans;

/// <summary>
/// A list of <see cref="Document"/>s over the repeated field of the wire message, in either docarray flavour:
/// adding, removing and editing documents changes the request itself, with nothing copied. A document of the other
/// flavour added to the list is converted to the list's (<see cref="DocArrayConversion"/>), and the wrapper added
/// follows the converted message.
/// </summary>
public sealed class DocumentArray : IList<Document>, IReadOnlyList<Document>
{
    private readonly RepeatedField<DocumentProto>? _v1;
    private readonly RepeatedField<DocProto>? _v2;

    /// <summary>An empty docarray v1 array.</summary>
    public DocumentArray()
        : this(new RepeatedField<DocumentProto>())
    {
    }

    /// <summary>An empty array of <paramref name="flavour"/> (v1 for <see cref="DocArrayFlavour.Auto"/>).</summary>
    public DocumentArray(DocArrayFlavour flavour)
    {
        if (flavour == DocArrayFlavour.V2)
        {
            _v2 = [];
        }
        else
        {
            _v1 = [];
        }
    }

    /// <summary>An array holding <paramref name="documents"/> (their messages, not copies).</summary>
    public DocumentArray(IEnumerable<Document> documents)
        : this()
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            Add(document);
        }
    }

    /// <summary>Wraps a repeated field of an existing v1 message (no copy).</summary>
    public DocumentArray(RepeatedField<DocumentProto> protos)
    {
        _v1 = protos ?? throw new ArgumentNullException(nameof(protos));
    }

    /// <summary>Wraps a repeated field of an existing v2 message (no copy).</summary>
    public DocumentArray(RepeatedField<DocProto> protos)
    {
        _v2 = protos ?? throw new ArgumentNullException(nameof(protos));
    }

    /// <summary>The flavour of the documents.</summary>
    public DocArrayFlavour Flavour => _v2 is null ? DocArrayFlavour.V1 : DocArrayFlavour.V2;

    /// <summary>The underlying v1 repeated field.</summary>
    /// <exception cref="InvalidOperationException">The array is docarray v2 (see <see cref="ProtosV2"/>).</exception>
    public RepeatedField<DocumentProto> Protos => _v1 ?? throw new InvalidOperationException("This array is docarray v2 (DocProto messages); use ProtosV2, or the list itself, which serves both flavours.");

    /// <summary>The underlying v2 repeated field, or null for a v1 array.</summary>
    public RepeatedField<DocProto>? ProtosV2 => _v2;

    public int Count => _v1?.Count ?? _v2!.Count;

    public bool IsReadOnly => false;

    /// <summary>The texts of all documents (null where a document has no text).</summary>
    public IReadOnlyList<string?> Texts => this.Select(static d => d.Text).ToArray();

    public Document this[int index]
    {
        get => _v1 is { } v1 ? new Document(v1[index]) : new Document(_v2![index]);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_v1 is { } v1)
            {
                v1[index] = value.ToV1Proto();
            }
            else
            {
                _v2![index] = value.ToV2Proto();
            }
        }
    }

    /// <summary>The document with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    public Document this[string id] => TryGet(id, out var document) ? document : throw new KeyNotFoundException($"No document with id '{id}'.");

    /// <summary><paramref name="count"/> new documents with fresh ids and no content (<c>DocumentArray.empty(n)</c>).</summary>
    public static DocumentArray Empty(int count, DocArrayFlavour flavour = DocArrayFlavour.V1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var array = new DocumentArray(flavour);
        for (var i = 0; i < count; i++)
        {
            array.Add(new Document());
        }

        return array;
    }

    /// <summary>Wraps the documents of a <see cref="DocumentArrayProto"/> (no copy).</summary>
    public static DocumentArray Wrap(DocumentArrayProto proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return new DocumentArray(proto.Docs);
    }

    /// <summary>Wraps the documents of a <see cref="DocListProto"/> (no copy).</summary>
    public static DocumentArray Wrap(DocListProto proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        return new DocumentArray(proto.Docs);
    }

    /// <summary>The documents read as <typeparamref name="T"/> objects (a schema such as <see cref="TextDoc"/>; either flavour).</summary>
    public DocList<T> As<T>()
        where T : class, new()
    {
        var list = new DocList<T>();
        var schema = Internal.DocSchema.Of(typeof(T));
        foreach (var document in this)
        {
            list.AddRead((T)schema.Read(document));
        }

        return list;
    }

    /// <summary>Finds the first document with id <paramref name="id"/>.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out Document? document)
    {
        foreach (var candidate in this)
        {
            if (candidate.Id == id)
            {
                document = candidate;
                return true;
            }
        }

        document = null;
        return false;
    }

    public void Add(Document item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_v1 is { } v1)
        {
            v1.Add(item.ToV1Proto());
        }
        else
        {
            _v2!.Add(item.ToV2Proto());
        }
    }

    /// <summary>Adds every document of <paramref name="documents"/>.</summary>
    public void AddRange(IEnumerable<Document> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents is DocumentArray other && other.Flavour == Flavour)
        {
            if (_v1 is { } v1)
            {
                v1.AddRange(other._v1!);
            }
            else
            {
                _v2!.AddRange(other._v2!);
            }

            return;
        }

        foreach (var document in documents)
        {
            Add(document);
        }
    }

    /// <summary>Removes the documents <paramref name="match"/> selects; returns how many.</summary>
    public int RemoveAll(Predicate<Document> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var removed = 0;
        for (var i = Count - 1; i >= 0; i--)
        {
            if (match(this[i]))
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Reorders the documents by <paramref name="rank"/> of each (a stable sort).</summary>
    public void SortBy(Func<Document, int> rank)
    {
        ArgumentNullException.ThrowIfNull(rank);
        if (_v1 is { } v1)
        {
            var sorted = v1.Select((d, i) => (Doc: d, Rank: rank(new Document(d)), Index: i)).OrderBy(x => x.Rank).ThenBy(x => x.Index).Select(x => x.Doc).ToArray();
            v1.Clear();
            v1.AddRange(sorted);
        }
        else
        {
            var v2 = _v2!;
            var sorted = v2.Select((d, i) => (Doc: d, Rank: rank(new Document(d)), Index: i)).OrderBy(x => x.Rank).ThenBy(x => x.Index).Select(x => x.Doc).ToArray();
            v2.Clear();
            v2.AddRange(sorted);
        }
    }

    public void Clear()
    {
        _v1?.Clear();
        _v2?.Clear();
    }

    public bool Contains(Document item) => IndexOf(item) >= 0;

    public void CopyTo(Document[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var document in this)
        {
            array[arrayIndex++] = document;
        }
    }

    /// <summary>A struct enumerator: <c>foreach</c> over a DocumentArray allocates only the document wrappers.</summary>
    public Enumerator GetEnumerator() => new(_v1, _v2);

    IEnumerator<Document> IEnumerable<Document>.GetEnumerator() => GetEnumerator();

    /// <summary>The position of <paramref name="item"/>'s message (by reference, not by value).</summary>
    public int IndexOf(Document item)
    {
        if (item is null)
        {
            return -1;
        }

        var backing = item.Backing;
        for (var i = 0; i < Count; i++)
        {
            if (ReferenceEquals(_v1 is { } v1 ? v1[i] : _v2![i], backing))
            {
                return i;
            }
        }

        return -1;
    }

    public void Insert(int index, Document item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_v1 is { } v1)
        {
            v1.Insert(index, item.ToV1Proto());
        }
        else
        {
            _v2!.Insert(index, item.ToV2Proto());
        }
    }

    public bool Remove(Document item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index)
    {
        if (_v1 is { } v1)
        {
            v1.RemoveAt(index);
        }
        else
        {
            _v2!.RemoveAt(index);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The documents as v2 messages (converted where they are v1).</summary>
    internal IEnumerable<DocProto> ToV2Protos() => _v2 ?? (IEnumerable<DocProto>)_v1!.Select(DocArrayConversion.ToV2);

    /// <summary>Enumerates the documents, wrapping each message as it is reached.</summary>
    public struct Enumerator : IEnumerator<Document>
    {
        private readonly RepeatedField<DocumentProto>? _v1;
        private readonly RepeatedField<DocProto>? _v2;
        private int _index;

        internal Enumerator(RepeatedField<DocumentProto>? v1, RepeatedField<DocProto>? v2)
        {
            _v1 = v1;
            _v2 = v2;
            _index = -1;
        }

        public readonly Document Current => _v1 is { } v1 ? new Document(v1[_index]) : new Document(_v2![_index]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < (_v1?.Count ?? _v2!.Count);

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"DocumentArray(length={Count}{(_v2 is null ? string.Empty : ", docarray v2")})";
}
