using System.Net;
using System.Text;
using System.Text.Json;
using JinaOrleans.Definitions;

namespace JinaOrleans.Gateway.Http;

/// <summary>
/// <c>/openapi.json</c> (OpenAPI 3) and the <c>/docs</c> page. The newest Jina HTTP client reads the POST paths
/// from the JSON to choose its URL, so every route served is listed.
/// </summary>
internal static class OpenApiDocument
{
    public static void Write(Utf8JsonWriter w, GatewayDefinition gateway, IReadOnlySet<string> endpoints)
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.2");
        w.WriteStartObject("info");
        w.WriteString("title", gateway.Title ?? "JinaOrleans Gateway");
        w.WriteString("description", gateway.Description ?? "A Jina-compatible HTTP gateway served by JinaOrleans.");
        w.WriteString("version", "1.0");
        w.WriteEndObject();
        w.WriteStartObject("paths");
        foreach (var (path, method, summary, hasBody) in Routes(gateway, endpoints))
        {
            w.WriteStartObject(path);
            w.WriteStartObject(method);
            w.WriteString("summary", summary);
            w.WriteString("operationId", $"{method}_{path.Trim('/').Replace('/', '_')}");
            if (hasBody)
            {
                w.WriteStartObject("requestBody");
                w.WriteBoolean("required", true);
                w.WriteStartObject("content");
                w.WriteStartObject("application/json");
                w.WriteStartObject("schema");
                w.WriteString("$ref", "#/components/schemas/JinaRequestModel");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteStartObject("responses");
            w.WriteStartObject("200");
            w.WriteString("description", "Successful Response");
            w.WriteEndObject();
            if (hasBody)
            {
                w.WriteStartObject("422");
                w.WriteString("description", "Validation Error");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("components");
        w.WriteStartObject("schemas");
        w.WriteStartObject("JinaRequestModel");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("data");
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("parameters");
        w.WriteString("type", "object");
        w.WriteEndObject();
        w.WriteStartObject("targetExecutor");
        w.WriteString("type", "string");
        w.WriteEndObject();
        w.WriteStartObject("execEndpoint");
        w.WriteString("type", "string");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string Html(GatewayDefinition gateway, IReadOnlySet<string> endpoints)
    {
        var title = WebUtility.HtmlEncode(gateway.Title ?? "JinaOrleans Gateway");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 12px;text-align:left}code{background:#eee;padding:1px 4px}</style></head><body>")
            .Append("<h1>").Append(title).Append("</h1><p>").Append(WebUtility.HtmlEncode(gateway.Description ?? "A Jina-compatible HTTP gateway.")).Append("</p>")
            .Append("<p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a></p><table><tr><th>Method</th><th>Path</th><th>What it does</th></tr>");
        foreach (var (path, method, summary, _) in Routes(gateway, endpoints))
        {
            html.Append("<tr><td>").Append(method.ToUpperInvariant()).Append("</td><td><code>").Append(WebUtility.HtmlEncode(path))
                .Append("</code></td><td>").Append(WebUtility.HtmlEncode(summary)).Append("</td></tr>");
        }

        html.Append("</table><h2>Example</h2><pre>curl -X POST http://HOST:PORT/post -H 'Content-Type: application/json' \\\n  -d '{\"data\": [{\"text\": \"hello\"}], \"execEndpoint\": \"/\"}'</pre></body></html>");
        return html.ToString();
    }

    private static IEnumerable<(string Path, string Method, string Summary, bool HasBody)> Routes(GatewayDefinition gateway, IReadOnlySet<string> endpoints)
    {
        yield return ("/", "get", "Health: 200 with {} while the gateway serves", false);
        if (!gateway.NoDebugEndpoints)
        {
            yield return ("/dry_run", "get", "Send one empty document through the whole flow; code 0 when it is ready", false);
            yield return ("/status", "get", "Versions and JINA_* environment", false);
            yield return ("/post", "post", "Post to the endpoint named by execEndpoint", true);
        }

        if (!gateway.NoCrudEndpoints)
        {
            yield return ("/index", "post", "Post to /index", true);
            yield return ("/search", "post", "Post to /search", true);
            yield return ("/update", "put", "Post to /update", true);
            yield return ("/delete", "delete", "Post to /delete", true);
        }

        foreach (var endpoint in endpoints.Append(WellKnownEndpoints.Default).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (endpoint.StartsWith('/') && endpoint is not "/index" and not "/search" and not "/update" and not "/delete" and not "/post")
            {
                yield return (endpoint, "post", $"Post to the executor endpoint {endpoint}", true);
            }
        }
    }
}
