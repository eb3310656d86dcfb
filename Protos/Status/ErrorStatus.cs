using System.Text;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Status;

/// <summary>
/// Builds every ERROR <c>header.status</c> we send, in the shape Jina gives it (JINA_PROTOCOL.md §4): an executor's
/// exception, or a failure of the gateway or the transport.
/// </summary>
internal static class ErrorStatus
{
    /// <summary>
    /// ERROR with description = a Python-style repr (<c>Name('message')</c>), exception name, args, stack
    /// lines and the executor's class name.
    /// </summary>
    public static StatusProto FromException(Exception exception, string executorClassName)
    {
        var name = exception.GetType().Name;
        var status = new StatusProto
        {
            Code = StatusProto.Types.StatusCode.Error,
            Description = Repr(name, exception.Message),
            Exception = new StatusProto.Types.ExceptionProto { Name = name, Executor = executorClassName },
        };
        status.Exception.Args.Add(exception.Message);
        foreach (var line in exception.ToString().Split('\n'))
        {
            status.Exception.Stacks.Add(line.TrimEnd('\r') + "\n");
        }

        return status;
    }

    /// <summary>An ERROR status for a failure that is not an executor exception (transport, timeout, bad input).</summary>
    public static StatusProto Failure(string name, string message, string executor = "")
    {
        var status = new StatusProto
        {
            Code = StatusProto.Types.StatusCode.Error,
            Description = Repr(name, message),
            Exception = new StatusProto.Types.ExceptionProto { Name = name, Executor = executor },
        };
        status.Exception.Args.Add(message);
        return status;
    }

    /// <summary>
    /// <c>Name('message')</c>, the message quoted and escaped as Python's repr of a str: double quotes when it
    /// holds a single quote and no double quote, <c>\n \r \t \\</c>, other control characters as <c>\xNN</c>.
    /// </summary>
    public static string Repr(string name, string message)
    {
        var quote = message.Contains('\'', StringComparison.Ordinal) && !message.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(name.Length + message.Length + 4);
        builder.Append(name).Append('(').Append(quote);
        foreach (var c in message)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\x7f')
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).Append(')').ToString();
    }
}
