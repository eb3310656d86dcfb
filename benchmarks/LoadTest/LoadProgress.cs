using Spectre.Console;
using Spectre.Console.Rendering;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// Live progress of a load run on standard error, drawn by Spectre.Console: one bar per phase (each target's warm-up
/// and measured requests, per round) with its request rate, elapsed and remaining time; lines written meanwhile
/// (<see cref="Line"/>) appear above the bars. Standard output keeps only the results, so scripts read them as before.
/// When standard error is not a terminal (a script, CI) or <c>--no-progress</c> is given, nothing is drawn and the
/// lines are plain stderr lines.
/// </summary>
internal sealed class LoadProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly IAnsiConsole? _console;
    private ProgressContext? _context;

    private LoadProgress(IAnsiConsole? console)
    {
        _console = console;
    }

    /// <summary>Live bars when <paramref name="enabled"/> and standard error is an interactive terminal; plain lines otherwise.</summary>
    public static LoadProgress Create(bool enabled)
    {
        if (!enabled || Console.IsErrorRedirected)
        {
            return new LoadProgress(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new LoadProgress(console.Profile.Capabilities.Interactive ? console : null);
    }

    /// <summary>True when bars are drawn.</summary>
    public bool IsLive => _console is not null;

    /// <summary>Runs <paramref name="body"/> with the bars on screen (or simply runs it).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        if (_console is null)
        {
            return await body().ConfigureAwait(false);
        }

        return await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                _context = context;
                try
                {
                    return await body().ConfigureAwait(false);
                }
                finally
                {
                    _context = null;
                }
            })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one phase of <paramref name="total"/> requests; <paramref name="work"/> counts each completed request on the
    /// counter it is given, which the bar reads every 200 ms (the requests themselves only increment a number).
    /// </summary>
    public async Task<T> TrackAsync<T>(string description, long total, Func<RequestCounter, Task<T>> work)
    {
        var counter = new RequestCounter();
        if (_context is not { } context)
        {
            return await work(counter).ConfigureAwait(false);
        }

        var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
        using var stop = new CancellationTokenSource();
        var poll = PollAsync(task, counter, stop.Token);
        try
        {
            return await work(counter).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await poll.ConfigureAwait(false);
            task.Value = counter.Value;
            task.StopTask();
        }
    }

    /// <summary>A line for the operator: above the bars when they are drawn, else on standard error.</summary>
    public void Line(string text)
    {
        if (_console is null)
        {
            Console.Error.WriteLine(text);
        }
        else
        {
            _console.WriteLine(text);
        }
    }

    private static async Task PollAsync(ProgressTask task, RequestCounter counter, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                task.Value = counter.Value;
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }

    /// <summary>The bar's rate column: completed requests per second over Spectre's recent samples.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:0} req/s" : "- req/s", new Style(Color.Grey));
    }
}
