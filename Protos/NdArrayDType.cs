namespace JinaOrleans;

/// <summary>The element types <see cref="NdArray"/> reads and writes.</summary>
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
}
