using System.Collections;
using JinaOrleans.Internal;

namespace JinaOrleans;

/// <summary>
/// Documents of one schema, as Jina's <c>DocList[TextDoc]</c>: an executor method taking or returning
/// <c>DocList&lt;T&gt;</c> gets the request's documents as <typeparamref name="T"/> objects and gives its answer
/// the same way, in either docarray flavour. <typeparamref name="T"/> is any class or record with a parameterless
/// constructor whose public properties are the schema's fields (snake_case names on the wire, or
/// <see cref="DocFieldAttribute"/>); the mapping is built once per type, on first use.
/// </summary>
public sealed class DocList<T> : IList<T>, IReadOnlyList<T>, IDocList
    where T : class, new()
{
    private readonly List<T> _items;

    public DocList()
    {
        _items = [];
    }

    public DocList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    public int Count => _items.Count;

    public bool IsReadOnly => false;

    Type IDocList.ItemType => typeof(T);

    public T this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Appends <paramref name="item"/> without the null check (the runtime's reads).</summary>
    internal void AddRead(T item) => _items.Add(item);

    /// <summary>The items as documents of <paramref name="flavour"/> (v1 for <see cref="DocArrayFlavour.Auto"/>).</summary>
    public DocumentArray ToDocuments(DocArrayFlavour flavour = DocArrayFlavour.V2)
    {
        var schema = DocSchema.Of(typeof(T));
        var documents = new DocumentArray(flavour);
        foreach (var item in _items)
        {
            documents.Add(schema.Write(item, documents.Flavour));
        }

        return documents;
    }

    public void Add(T item) => _items.Add(item ?? throw new ArgumentNullException(nameof(item)));

    public void Clear() => _items.Clear();

    public bool Contains(T item) => _items.Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    public int IndexOf(T item) => _items.IndexOf(item);

    public void Insert(int index, T item) => _items.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    public bool Remove(T item) => _items.Remove(item);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => $"DocList<{typeof(T).Name}>(length={Count})";
}
