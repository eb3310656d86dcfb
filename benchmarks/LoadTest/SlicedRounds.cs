namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// The measured rounds of one run: every target once per round, each round's requests for a target cut into
/// <c>--slices</c> slices taken in turn with the other targets' (the order reversed every other slice, so no target
/// always follows the same one), and each target's round result made of its slices. These machines' speed drifts
/// by 2–4× over seconds; a round of one long stretch per target compares a target measured in a fast second with one
/// measured in a slow one, while slices of a second or less see the same drift on every target and the ratio per
/// round holds. Each target keeps one client (one channel) for the whole run, warmed up once before the first round.
/// </summary>
internal static class SlicedRounds
{
    /// <summary>One target: its name, what to send it (<see cref="LoadOptions.Target"/> its address), and a scope around each of its slices.</summary>
    public sealed record Target(string Name, LoadOptions Options, Func<IDisposable?>? Scope = null);

    /// <summary>
    /// Warms every target up, calls <paramref name="warmedUp"/>, then measures <paramref name="rounds"/> rounds of
    /// <paramref name="slices"/> slices; returns the results round by round, in <paramref name="targets"/>' order.
    /// </summary>
    public static async Task<List<LoadResult>> RunAsync(
        IReadOnlyList<Target> targets, int rounds, int slices, LoadProgress progress, Action? warmedUp, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        var clients = targets.Select(t => new JinaOrleans.Client.Client(host: t.Options.Target)).ToArray();
        try
        {
            for (var t = 0; t < targets.Count; t++)
            {
                using (targets[t].Scope?.Invoke())
                {
                    await LoadRunner.WarmAsync(clients[t], targets[t].Name, $"round 1: {targets[t].Name}", targets[t].Options, progress, cancellationToken).ConfigureAwait(false);
                }
            }

            warmedUp?.Invoke();
            var results = new List<LoadResult>();
            var turn = 0;
            for (var round = 1; round <= rounds; round++)
            {
                var samples = targets.Select(_ => new List<LoadSample>()).ToArray();
                for (var slice = 1; slice <= slices; slice++, turn++)
                {
                    for (var i = 0; i < targets.Count; i++)
                    {
                        var t = turn % 2 == 0 ? i : targets.Count - 1 - i;
                        var whole = targets[t].Options;
                        var options = whole with { Requests = SliceRequests(whole.Requests, slices, slice), Duration = whole.Duration / slices, Warmup = 0 };
                        var label = slices == 1 ? $"round {round}: {targets[t].Name}" : $"round {round}, slice {slice}/{slices}: {targets[t].Name}";
                        using (targets[t].Scope?.Invoke())
                        {
                            var sample = await LoadRunner.MeasureAsync(clients[t], label, options, progress, cancellationToken).ConfigureAwait(false);
                            samples[t].Add(sample);
                            if (slices > 1)
                            {
                                // Each slice's rate as it ends: the drift the slices share is visible here.
                                progress.Line($"{label}: {sample.Latencies.Length / sample.Seconds:0} req/s");
                            }
                        }
                    }
                }

                var measured = targets.Select((target, t) => LoadResult.Of(target.Name, target.Options, samples[t])).ToArray();
                foreach (var result in measured)
                {
                    progress.Line($"round {round}: {result.Name}: {result.RequestsPerSecond:0} req/s");
                }

                results.AddRange(measured);
            }

            return results;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Slice <paramref name="slice"/> (from 1) of <paramref name="requests"/> cut in <paramref name="slices"/>: the remainder goes to the first ones.</summary>
    internal static int SliceRequests(int requests, int slices, int slice) =>
        (requests / slices) + (slice <= requests % slices ? 1 : 0);
}
