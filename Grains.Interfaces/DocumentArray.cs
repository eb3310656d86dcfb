using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.Collections;
using JinaOrleans.Protos.DocArray;

namespace JinaOrleans;

/// <summary>
/// A list of <see cref="Document"/>s over the repeated field of the wire message: adding, removing
/// and editing documents changes the request itself, with nothing copied.
/// </summary>
public sealed class DocumentArray : IList<Document>, IReadOnlyList<Document>
{
    /// <summary>An empty array.</summary>
    public DocumentArray()
        : this(new RepeatedField<DocumentProto>())
    {
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

    /// <summary>Wraps a repeated field of an existing message (no copy).</summary>
    public DocumentArray(RepeatedField<DocumentProto> protos)
    {
        Protos = protos ?? throw new ArgumentNullException(nameof(protos));
    }

    /// <summary>The underlying repeated field.</summary>
    public RepeatedField<DocumentProto> Protos { get; }

    public int Count => Protos.Count;

    public bool IsReadOnly => false;

    /// <summary>The texts of all documents (null where a document has no text).</summary>
    public IReadOnlyList<string?> Texts => this.Select(static d => d.Text).ToArray();

    public Document this[int index]
    {
        get => new(Protos[index]);
        set => Protos[index] = (value ?? throw new ArgumentNullException(nameof(value))).Proto;
    }

    /// <summary>The document with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    public Document this[string id] => TryGet(id, out var document) ? document : throw new KeyNotFoundException($"No document with id '{id}'.");

    /// <summary><paramref name="count"/> new documents with fresh ids and no content (<c>DocumentArray.empty(n)</c>).</summary>
    public static DocumentArray Empty(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var array = new DocumentArray();
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

    /// <summary>Finds the first document with id <paramref name="id"/>.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out Document? document)
    {
        foreach (var proto in Protos)
        {
            if (proto.Id == id)
            {
                document = new Document(proto);
                return true;
            }
        }

        document = null;
        return false;
    }

    public void Add(Document item) => Protos.Add((item ?? throw new ArgumentNullException(nameof(item))).Proto);

    /// <summary>Adds every document of <paramref name="documents"/>.</summary>
    public void AddRange(IEnumerable<Document> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            Add(document);
        }
    }

    public void Clear() => Protos.Clear();

    public bool Contains(Document item) => IndexOf(item) >= 0;

    public void CopyTo(Document[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var proto in Protos)
        {
            array[arrayIndex++] = new Document(proto);
        }
    }

    /// <summary>A struct enumerator: <c>foreach</c> over a DocumentArray allocates only the document wrappers.</summary>
    public Enumerator GetEnumerator() => new(Protos);

    IEnumerator<Document> IEnumerable<Document>.GetEnumerator() => GetEnumerator();

    /// <summary>The position of <paramref name="item"/>'s message (by reference, not by value).</summary>
    public int IndexOf(Document item)
    {
        if (item is null)
        {
            return -1;
        }

        for (var i = 0; i < Protos.Count; i++)
        {
            if (ReferenceEquals(Protos[i], item.Proto))
            {
                return i;
            }
        }

        return -1;
    }

    public void Insert(int index, Document item) => Protos.Insert(index, (item ?? throw new ArgumentNullException(nameof(item))).Proto);

    public bool Remove(Document item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        Protos.RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index) => Protos.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the documents, wrapping each message as it is reached.</summary>
    public struct Enumerator : IEnumerator<Document>
    {
        private readonly RepeatedField<DocumentProto> _protos;
        private int _index;

        internal Enumerator(RepeatedField<DocumentProto> protos)
        {
            _protos = protos;
            _index = -1;
        }

        public readonly Document Current => new(_protos[_index]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _protos.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"DocumentArray(length={Count})";
}
