namespace JinaOrleans;

/// <summary>Names of <see cref="DocArrayFlavour"/> as configuration and command lines write them.</summary>
public static class DocArrayFlavours
{
    /// <summary>Reads <c>v1</c>, <c>v2</c> or <c>auto</c> (also <c>docarray_v1</c>, <c>docarray_v2</c>; any case).</summary>
    public static bool TryParse(string? text, out DocArrayFlavour flavour)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "V1" or "DOCARRAY_V1" or "1":
                flavour = DocArrayFlavour.V1;
                return true;
            case "V2" or "DOCARRAY_V2" or "2":
                flavour = DocArrayFlavour.V2;
                return true;
            case "AUTO":
                flavour = DocArrayFlavour.Auto;
                return true;
            default:
                flavour = DocArrayFlavour.Auto;
                return false;
        }
    }

    /// <summary>The name: <c>v1</c>, <c>v2</c> or <c>auto</c>.</summary>
    public static string Name(DocArrayFlavour flavour) => flavour switch
    {
        DocArrayFlavour.V1 => "v1",
        DocArrayFlavour.V2 => "v2",
        _ => "auto",
    };
}
