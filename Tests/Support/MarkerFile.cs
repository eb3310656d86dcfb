namespace JinaOrleans.Tests.Support;

/// <summary>A file an executor writes to tell a test, possibly in another process, how it ended.</summary>
internal static class MarkerFile
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"jina-marker-{Guid.NewGuid():N}.txt");

    /// <summary>The file's text once it has some, or a sentence saying none came within <paramref name="timeout"/>.</summary>
    public static async Task<string> WaitAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && await File.ReadAllTextAsync(path) is { Length: > 0 } text)
            {
                return text;
            }

            await Task.Delay(50);
        }

        return "no outcome written within " + timeout;
    }
}
