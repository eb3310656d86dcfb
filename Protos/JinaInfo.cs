using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos;

/// <summary>
/// The answer to <c>_status</c> and GET <c>/status</c>: the keys Jina reports (JINA_PROTOCOL.md §4), filled
/// with what is true of this process, and every <c>JINA_*</c> environment variable.
/// </summary>
public static class JinaInfo
{
    /// <summary>The Jina release whose protocol this gateway speaks.</summary>
    public const string CompatibleJinaVersion = "3.34.0";

    /// <summary>The docarray schema line served (the legacy "docarray_v1" flavour).</summary>
    public const string DocArrayVersion = "0.21.1";

    public static JinaInfoProto Create(string sessionId, DateTimeOffset startedAt)
    {
        var info = new JinaInfoProto();
        var ours = typeof(JinaInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var protobuf = typeof(Google.Protobuf.IMessage).Assembly.GetName().Version?.ToString() ?? "unknown";
        info.Jina.Add(new Dictionary<string, string>
        {
            ["jina"] = CompatibleJinaVersion,
            ["docarray"] = DocArrayVersion,
            ["jcloud"] = "(unset)",
            ["jina-hubble-sdk"] = "(unset)",
            ["jina-proto"] = "docarray_v1",
            ["protobuf"] = protobuf,
            ["proto-backend"] = "csharp",
            ["grpcio"] = "(unset)",
            ["pyyaml"] = "(unset)",
            ["python"] = RuntimeInformation.FrameworkDescription,
            ["platform"] = RuntimeInformation.OSDescription,
            ["platform-release"] = Environment.OSVersion.VersionString,
            ["platform-version"] = Environment.OSVersion.Version.ToString(),
            ["architecture"] = RuntimeInformation.OSArchitecture.ToString(),
            ["processor"] = RuntimeInformation.ProcessArchitecture.ToString(),
            ["uid"] = Environment.MachineName,
            ["session-id"] = sessionId,
            ["uptime"] = startedAt.ToString("O", CultureInfo.InvariantCulture),
            ["ci-vendor"] = "(unset)",
            ["internal"] = "False",
            ["jinaorleans"] = ours,
        });
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith("JINA_", StringComparison.Ordinal))
            {
                info.Envs[key] = variable.Value as string ?? "(unset)";
            }
        }

        return info;
    }
}
