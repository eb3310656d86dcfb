using System.Collections;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;

namespace JinaOrleans;

/// <summary>A list view over a <c>google.protobuf.ListValue</c>; reads and writes go to the message.</summary>
public sealed class StructList : IList<object?>, IReadOnlyList<object?>
{
    public StructList()
        : this(new ListValue())
    {
    }

    public StructList(ListValue proto)
    {
        Proto = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The underlying message.</summary>
    public ListValue Proto { get; }

    public int Count => Proto.Values.Count;

    public bool IsReadOnly => false;

    public object? this[int index]
    {
        get => ValueConverter.FromValue(Proto.Values[index]);
        set => Proto.Values[index] = ValueConverter.ToValue(value);
    }

    public void Add(object? item) => Proto.Values.Add(ValueConverter.ToValue(item));

    public void Clear() => Proto.Values.Clear();

    public bool Contains(object? item) => IndexOf(item) >= 0;

    public void CopyTo(object?[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var item in this)
        {
            array[arrayIndex++] = item;
        }
    }

    public IEnumerator<object?> GetEnumerator()
    {
        foreach (var value in Proto.Values)
        {
            yield return ValueConverter.FromValue(value);
        }
    }

    public int IndexOf(object? item)
    {
        var wanted = ValueConverter.ToValue(item);
        for (var i = 0; i < Proto.Values.Count; i++)
        {
            if (Proto.Values[i].Equals(wanted))
            {
                return i;
            }
        }

        return -1;
    }

    public void Insert(int index, object? item) => Proto.Values.Insert(index, ValueConverter.ToValue(item));

    public bool Remove(object? item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        Proto.Values.RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index) => Proto.Values.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => Proto.ToString();
}
