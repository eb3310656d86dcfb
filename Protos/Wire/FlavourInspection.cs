namespace JinaOrleans.Protos.Wire;

/// <summary>
/// What <see cref="FlavourDetector"/> found in a message's documents: how many, and for each flavour the first reason
/// they are not that flavour (null when every document is). <see cref="Malformed"/> is set when the message itself
/// is not well-formed protobuf.
/// </summary>
internal struct FlavourInspection
{
    public int Documents;

    public string? NotV1;

    public string? NotV2;

    public string? Malformed;

    public readonly bool IsV1 => Malformed is null && NotV1 is null;

    public readonly bool IsV2 => Malformed is null && NotV2 is null;
}
