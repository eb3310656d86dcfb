using JinaOrleans.Runtime;
using Xunit;

namespace JinaOrleans.Tests.Runtime;

/// <summary>GrainCallContext: the caller's deadline flows with the async call, like Orleans' RequestContext.</summary>
public sealed class GrainCallContextTests
{
    private static readonly DateTimeOffset First = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2031, 6, 7, 8, 9, 10, TimeSpan.FromHours(2));

    [Fact]
    public void There_is_no_deadline_outside_a_scope()
    {
        Assert.Null(GrainCallContext.Deadline);
    }

    [Fact]
    public void WithDeadline_sets_the_deadline_until_the_scope_is_disposed()
    {
        using (GrainCallContext.WithDeadline(First))
        {
            Assert.Equal(First, GrainCallContext.Deadline);
        }

        Assert.Null(GrainCallContext.Deadline);
    }

    [Fact]
    public void Nested_scopes_restore_the_enclosing_deadline()
    {
        using (GrainCallContext.WithDeadline(First))
        {
            using (GrainCallContext.WithDeadline(Second))
            {
                Assert.Equal(Second, GrainCallContext.Deadline);
                using (GrainCallContext.WithDeadline(null))
                {
                    Assert.Null(GrainCallContext.Deadline);
                }

                Assert.Equal(Second, GrainCallContext.Deadline);
            }

            Assert.Equal(First, GrainCallContext.Deadline);
        }

        Assert.Null(GrainCallContext.Deadline);
    }

    [Fact]
    public void Scopes_remember_the_deadline_they_replaced()
    {
        using var outer = GrainCallContext.WithDeadline(First);
        using var inner = GrainCallContext.WithDeadline(Second);

        Assert.Equal(default, outer);
        Assert.NotEqual(outer, inner);
        Assert.True(inner == new GrainCallContext.Scope(First));
    }

    [Fact]
    public async Task The_deadline_flows_into_awaited_async_calls()
    {
        using (GrainCallContext.WithDeadline(First))
        {
            Assert.Equal(First, await ReadAfterYieldAsync());
            Assert.Equal(First, GrainCallContext.Deadline);
        }

        Assert.Null(await ReadAfterYieldAsync());
    }

    [Fact]
    public async Task The_deadline_flows_into_Task_Run()
    {
        using (GrainCallContext.WithDeadline(First))
        {
            Assert.Equal(First, await Task.Run(() => GrainCallContext.Deadline));
        }
    }

    [Fact]
    public async Task A_scope_set_inside_an_async_call_does_not_leak_to_the_caller()
    {
        using (GrainCallContext.WithDeadline(First))
        {
            await SetWithoutDisposingAsync(Second);

            Assert.Equal(First, GrainCallContext.Deadline);
        }
    }

    [Fact]
    public async Task A_deadline_set_in_one_async_flow_is_not_seen_by_a_sibling()
    {
        var set = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<DateTimeOffset?> SetterAsync()
        {
            using (GrainCallContext.WithDeadline(Second))
            {
                set.SetResult();
                await seen.Task;
                return GrainCallContext.Deadline;
            }
        }

        async Task<DateTimeOffset?> SiblingAsync()
        {
            await set.Task;
            var observed = GrainCallContext.Deadline;
            seen.SetResult();
            return observed;
        }

        using (GrainCallContext.WithDeadline(First))
        {
            var setter = Task.Run(SetterAsync);
            var sibling = Task.Run(SiblingAsync);

            Assert.Equal(First, await sibling);
            Assert.Equal(Second, await setter);
            Assert.Equal(First, GrainCallContext.Deadline);
        }
    }

    private static async Task<DateTimeOffset?> ReadAfterYieldAsync()
    {
        await Task.Yield();
        return GrainCallContext.Deadline;
    }

    private static async Task SetWithoutDisposingAsync(DateTimeOffset deadline)
    {
        _ = GrainCallContext.WithDeadline(deadline);
        await Task.Yield();
        Assert.Equal(deadline, GrainCallContext.Deadline);
    }
}
