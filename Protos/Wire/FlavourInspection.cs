namespace JinaOrleans.Protos.Wire;

/// <summary>
/// What <see cref="FlavourDetector"/> found in a message's documents: how many, and for each flavour the first reason
/// they are not that flavour (null when every document is). <see cref="Malformed"/> is set when the message itself
/// is not well-formed protobuf. The reasons are constants and the document they concern an index beside them, so
/// inspecting a request allocates nothing; the sentence naming the document is made only for a refusal.
/// </summary>
internal struct FlavourInspection
{
    public int Documents;

    public string? NotV1;

    public string? NotV2;

    /// <summary>The document <see cref="NotV1"/> is about.</summary>
    public int NotV1Document;

    /// <summary>The document <see cref="NotV2"/> is about.</summary>
    public int NotV2Document;

    public string? Malformed;

    public readonly bool IsV1 => Malformed is null && NotV1 is null;

    public readonly bool IsV2 => Malformed is null && NotV2 is null;

    /// <summary>Why the documents are not docarray v1, naming the first that is not.</summary>
    public readonly string WhyNotV1 => $"document {NotV1Document}: {NotV1}";

    /// <summary>Why the documents are not docarray v2, naming the first that is not.</summary>
    public readonly string WhyNotV2 => $"document {NotV2Document}: {NotV2}";
}
