using System.Text.Json;
using JinaOrleans.Diagnostics.Dashboard;

namespace JinaOrleans.Gateway.Dashboard;

/// <summary>
/// The dashboard's JSON (<c>/dashboard/snapshot</c>, and each event of <c>/dashboard/events</c>): camelCase keys, one
/// line; latencies in milliseconds (null without requests in the window), rates per second over the window.
/// </summary>
internal static class DashboardJson
{
    public static void Write(Utf8JsonWriter writer, DashboardSnapshot snapshot)
    {
        writer.WriteStartObject();
        writer.WriteString("time", snapshot.Time);
        writer.WriteString("flow", snapshot.Flow);
        writer.WriteNumber("windowSeconds", snapshot.WindowSeconds);

        writer.WriteStartObject("gateway");
        WriteSummary(writer, snapshot.Gateway.Total);
        writer.WriteStartArray("protocols");
        foreach (var (protocol, summary) in snapshot.Gateway.Protocols)
        {
            writer.WriteStartObject();
            writer.WriteString("protocol", protocol);
            WriteSummary(writer, summary);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("executors");
        foreach (var executor in snapshot.Executors)
        {
            writer.WriteStartObject();
            writer.WriteString("name", executor.Name);
            writer.WriteString("uses", executor.Uses);
            writer.WriteNumber("replicas", executor.Replicas);
            writer.WriteNumber("shards", executor.Shards);
            writer.WriteBoolean("external", executor.External);
            WriteSummary(writer, executor.Summary);
            writer.WriteStartObject("calls");
            WriteSummary(writer, executor.Calls);
            writer.WriteEndObject();
            writer.WriteStartArray("endpoints");
            foreach (var (endpoint, summary) in executor.Endpoints)
            {
                writer.WriteStartObject();
                writer.WriteString("endpoint", endpoint);
                WriteSummary(writer, summary);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("silos");
        foreach (var silo in snapshot.Silos)
        {
            writer.WriteStartObject();
            writer.WriteString("address", silo.Address);
            writer.WriteString("name", silo.Name);
            writer.WriteString("host", silo.Host);
            writer.WriteString("status", silo.Status);
            writer.WriteBoolean("answered", silo.Answered);
            WriteNullable(writer, "error", silo.Error);
            WriteNullable(writer, "cpuPercent", silo.CpuPercent);
            WriteNullable(writer, "memoryBytes", silo.MemoryBytes);
            WriteNullable(writer, "availableMemoryBytes", silo.AvailableMemoryBytes);
            WriteNullable(writer, "activations", silo.Activations);
            writer.WriteStartObject("executors");
            WriteSummary(writer, silo.Executors);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, SeriesSummary summary)
    {
        writer.WriteNumber("requests", summary.Requests);
        writer.WriteNumber("failed", summary.Failed);
        writer.WriteNumber("documents", summary.Documents);
        writer.WriteNumber("pending", summary.Pending);
        writer.WriteNumber("requestsPerSecond", Math.Round(summary.RequestsPerSecond, 3));
        writer.WriteNumber("failedPerSecond", Math.Round(summary.FailedPerSecond, 3));
        writer.WriteNumber("documentsPerSecond", Math.Round(summary.DocumentsPerSecond, 3));
        WriteNullable(writer, "p50Ms", summary.P50Seconds is { } p50 ? Math.Round(p50 * 1000, 3) : null);
        WriteNullable(writer, "p99Ms", summary.P99Seconds is { } p99 ? Math.Round(p99 * 1000, 3) : null);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
