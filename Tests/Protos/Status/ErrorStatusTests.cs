using System.Diagnostics;
using System.Runtime.CompilerServices;
using JinaOrleans.Protos.Status;
using JinaOrleans.Protos.Jina;
using Xunit;

namespace JinaOrleans.Tests.Protos.Status;

/// <summary>ErrorStatus: the header.status an executor exception becomes (JINA_PROTOCOL.md §4).</summary>
public sealed class ErrorStatusTests
{
    [Fact]
    public void Repr_wraps_a_plain_message_in_single_quotes()
    {
        Assert.Equal("ValueError('bad value')", ErrorStatus.Repr("ValueError", "bad value"));
    }

    [Fact]
    public void Repr_escapes_backslash_newline_tab_and_carriage_return()
    {
        Assert.Equal(@"E('a\\b\nc\td\re')", ErrorStatus.Repr("E", "a\\b\nc\td\re"));
    }

    [Fact]
    public void Repr_escapes_a_single_quote_when_both_quotes_occur()
    {
        Assert.Equal("E('it\\'s \"quoted\"')", ErrorStatus.Repr("E", "it's \"quoted\""));
    }

    [Fact]
    public void Repr_leaves_double_quotes_alone_inside_single_quotes()
    {
        Assert.Equal("E('say \"hi\"')", ErrorStatus.Repr("E", "say \"hi\""));
    }

    [Fact]
    public void Repr_uses_double_quotes_when_the_message_has_only_single_quotes()
    {
        Assert.Equal("ValueError(\"it's\")", ErrorStatus.Repr("ValueError", "it's"));
    }

    [Fact]
    public void Repr_escapes_other_control_characters_as_hex()
    {
        Assert.Equal("E('a\\x01b')", ErrorStatus.Repr("E", "a\u0001b"));
    }

    [Fact]
    public void FromException_fills_code_name_args_executor_and_description()
    {
        var status = ErrorStatus.FromException(Thrown(), "MyExecutor");

        Assert.Equal(StatusProto.Types.StatusCode.Error, status.Code);
        Assert.Equal("InvalidOperationException('bad \"input\"\\nnext line')", status.Description);
        Assert.Equal("InvalidOperationException", status.Exception.Name);
        Assert.Equal(["bad \"input\"\nnext line"], status.Exception.Args);
        Assert.Equal("MyExecutor", status.Exception.Executor);
    }

    [Fact]
    public void FromException_stacks_are_lines_ending_in_newline_that_include_the_throwing_method()
    {
        var status = ErrorStatus.FromException(Thrown(), "MyExecutor");

        Assert.True(status.Exception.Stacks.Count >= 3);
        Assert.All(status.Exception.Stacks, line => Assert.EndsWith("\n", line, StringComparison.Ordinal));
        Assert.DoesNotContain(status.Exception.Stacks, line => line.Contains('\r', StringComparison.Ordinal));
        Assert.Equal("System.InvalidOperationException: bad \"input\"\n", status.Exception.Stacks[0]);
        Assert.Contains(status.Exception.Stacks, line => line.Contains(nameof(Thrower), StringComparison.Ordinal));
    }

    [Fact]
    public void Failure_fills_name_message_and_executor_without_stacks()
    {
        var status = ErrorStatus.Failure("TimeoutError", "no answer", "executor0");

        Assert.Equal(StatusProto.Types.StatusCode.Error, status.Code);
        Assert.Equal("TimeoutError('no answer')", status.Description);
        Assert.Equal("TimeoutError", status.Exception.Name);
        Assert.Equal(["no answer"], status.Exception.Args);
        Assert.Equal("executor0", status.Exception.Executor);
        Assert.Empty(status.Exception.Stacks);
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            Thrower();
            throw new UnreachableException();
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Thrower() => throw new InvalidOperationException("bad \"input\"\nnext line");
}
