using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A process started by a test: output captured line by line, ended by its own PID (SIGTERM, then SIGKILL)
/// when disposed, so nothing outlives the test.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private int _disposed;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._stdout, matchWaiters: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._stderr, matchWaiters: true);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a process to its end; returns its exit code and standard error.</summary>
    public static async Task<(int Code, string Stderr)> RunToExitAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await using var process = Start(fileName, arguments);
        var code = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return (code, process.StandardError);
    }

    /// <summary>Waits for a line of standard output or error matching <paramref name="match"/> (including lines already read).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (FindLine(match) is { } existing)
            {
                return existing;
            }

            _waiters.Add((match, done));
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(done.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished == done.Task)
        {
            return await done.Task.ConfigureAwait(false);
        }

        // The process may exit just as its last line is read: look at what it printed once more.
        if (finished == exited && FindLine(match) is { } last)
        {
            return last;
        }

        throw new TimeoutException(
            $"Waited {timeout.TotalSeconds:0}s for {what}; the process {(finished == exited ? $"exited with {_process.ExitCode}" : "is still running")}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
    }

    private string? FindLine(Func<string, bool> match)
    {
        lock (_lock)
        {
            return (_stdout.ToString() + _stderr.ToString()).Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
        }
    }

    /// <summary>Sends SIGTERM (or another signal) to the process.</summary>
    public void Signal(int signal = 15)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Process {_process.Id} did not exit within {timeout.TotalSeconds:0}s.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                Signal();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line, StringBuilder buffer, bool matchWaiters)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            buffer.Append(line).Append('\n');
            if (!matchWaiters)
            {
                return;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Done.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
