namespace JinaOrleans;

/// <summary>The element types <see cref="NdArray"/> reads and writes (numpy's dtypes that Jina users send).</summary>
public enum NdArrayDType
{
    /// <summary>A dtype this library does not interpret; the raw bytes are kept as they are.</summary>
    Other,

    /// <summary>numpy <c>&lt;f4</c>.</summary>
    Float32,

    /// <summary>numpy <c>&lt;f8</c>.</summary>
    Float64,

    /// <summary>numpy <c>&lt;i4</c>.</summary>
    Int32,

    /// <summary>numpy <c>&lt;i8</c>.</summary>
    Int64,

    /// <summary>numpy <c>&lt;f2</c> (half precision).</summary>
    Float16,

    /// <summary>numpy <c>|i1</c>.</summary>
    Int8,

    /// <summary>numpy <c>&lt;i2</c>.</summary>
    Int16,

    /// <summary>numpy <c>|u1</c>.</summary>
    UInt8,

    /// <summary>numpy <c>&lt;u2</c>.</summary>
    UInt16,

    /// <summary>numpy <c>&lt;u4</c>.</summary>
    UInt32,

    /// <summary>numpy <c>&lt;u8</c>.</summary>
    UInt64,

    /// <summary>numpy <c>|b1</c> (one byte per element, 0 or 1).</summary>
    Bool,
}
