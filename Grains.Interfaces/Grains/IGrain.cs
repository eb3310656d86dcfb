namespace JinaOrleans.Grains;

/// <summary>Marks a grain interface. Grains are reached through <see cref="IGrainFactory"/> by key.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040", Justification = "A marker, as in Orleans.")]
public interface IGrain
{
}
