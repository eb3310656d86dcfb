using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using JinaOrleans.Definitions;

namespace JinaOrleans.Gateway.Diagrams;

/// <summary>
/// Draws a flow's topology as SVG (<c>GET /flow.svg</c>, <c>GatewayHost --export-svg</c>): the gateway, each
/// executor in layers by what it needs, with its class, replicas and <c>when</c> condition, floating executors
/// dashed, external ones marked, and the end at the gateway again.
/// </summary>
public sealed class FlowDiagram(FlowDefinition flow)
{
    private const int BoxWidth = 210;
    private const int BoxHeight = 78;
    private const int ColumnGap = 70;
    private const int RowGap = 26;
    private const int Margin = 20;

    /// <summary>The SVG document.</summary>
    public string Render()
    {
        var needs = flow.ResolveNeeds();
        var names = flow.Executors.Select(e => e.Name).ToArray();
        var layer = new Dictionary<string, int>(StringComparer.Ordinal) { [FlowDefinition.GatewayName] = 0 };
        var pending = Enumerable.Range(0, names.Length).ToList();
        while (pending.Count > 0)
        {
            var progressed = false;
            foreach (var i in pending.ToArray())
            {
                if (needs[i].All(layer.ContainsKey))
                {
                    layer[names[i]] = needs[i].Max(n => layer[n]) + 1;
                    pending.Remove(i);
                    progressed = true;
                }
            }

            if (!progressed)
            {
                // A cycle (the flow would not start): draw the rest in one more column.
                var last = layer.Values.Max() + 1;
                pending.ForEach(i => layer[names[i]] = last);
                break;
            }
        }

        var endLayer = layer.Values.DefaultIfEmpty(0).Max() + 1;
        var columns = Enumerable.Range(0, endLayer + 1).Select(c => new List<string>()).ToArray();
        columns[0].Add("gateway:start");
        foreach (var name in names)
        {
            columns[layer[name]].Add(name);
        }

        columns[endLayer].Add("gateway:end");
        var rows = columns.Max(c => c.Count);
        var width = (Margin * 2) + (columns.Length * BoxWidth) + ((columns.Length - 1) * ColumnGap);
        var height = (Margin * 2) + (rows * BoxHeight) + ((rows - 1) * RowGap) + 24;
        var position = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Length; c++)
        {
            var offset = (rows - columns[c].Count) * (BoxHeight + RowGap) / 2.0;
            for (var r = 0; r < columns[c].Count; r++)
            {
                position[columns[c][r]] = (Margin + (c * (BoxWidth + ColumnGap)), Margin + 24 + offset + (r * (BoxHeight + RowGap)));
            }
        }

        var svg = new StringBuilder();
        using (var xml = XmlWriter.Create(svg, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            xml.WriteAttributeString("width", Number(width));
            xml.WriteAttributeString("height", Number(height));
            xml.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
            xml.WriteAttributeString("font-family", "sans-serif");
            xml.WriteElementString("title", $"Flow {flow.Name}");
            Marker(xml);
            Text(xml, Margin, Margin + 12, $"Flow '{flow.Name}': {string.Join(", ", flow.Gateway.Protocols.Select(p => p.ToString().ToLowerInvariant()))}", 14, "bold");

            for (var i = 0; i < names.Length; i++)
            {
                foreach (var need in needs[i])
                {
                    Edge(xml, position[need == FlowDefinition.GatewayName ? "gateway:start" : need], position[names[i]], flow.Executors[i].When is not null);
                }
            }

            var answering = names.Where((n, i) => !flow.Executors[i].Floating && !flow.Executors.Where((_, j) => !flow.Executors[j].Floating).Select((_, j) => j).Any(j => needs[j].Contains(n))).ToArray();
            foreach (var leaf in answering.Length > 0 ? answering : ["gateway:start"])
            {
                Edge(xml, position[leaf], position["gateway:end"], conditional: false);
            }

            Box(xml, position["gateway:start"], "gateway", $"in: {string.Join(", ", flow.Gateway.Protocols.Select(p => p.ToString().ToLowerInvariant()))}", null, "#e8f0fe", dashed: false, node: "gateway");
            Box(xml, position["gateway:end"], "gateway", "response", null, "#e8f0fe", dashed: false, node: "gateway-end");
            foreach (var executor in flow.Executors)
            {
                var detail = executor.External
                    ? $"external: {string.Join(", ", executor.ExternalAddresses)}"
                    : executor.Shards > 1
                        ? $"{executor.Uses} × {executor.Replicas}, {executor.Shards} shards"
                        : $"{executor.Uses} × {executor.Replicas}";
                var extra = executor.When is { } when ? $"when {JsonSerializer.Serialize(when)}"
                    : executor.Shards > 1 ? $"polling {string.Join(", ", executor.Polling.Select(p => $"{p.Key}: {p.Value.ToString().ToUpperInvariant()}"))}"
                    : executor.NoReduce ? "no_reduce" : null;
                Box(xml, position[executor.Name], executor.Name, detail, extra, executor.External ? "#fff4e5" : "#eef7ee", executor.Floating, node: "executor");
            }

            xml.WriteEndElement();
        }

        return svg.ToString();
    }

    private static void Marker(XmlWriter xml)
    {
        xml.WriteStartElement("defs");
        xml.WriteStartElement("marker");
        xml.WriteAttributeString("id", "arrow");
        xml.WriteAttributeString("viewBox", "0 0 10 10");
        xml.WriteAttributeString("refX", "10");
        xml.WriteAttributeString("refY", "5");
        xml.WriteAttributeString("markerWidth", "8");
        xml.WriteAttributeString("markerHeight", "8");
        xml.WriteAttributeString("orient", "auto");
        xml.WriteStartElement("path");
        xml.WriteAttributeString("d", "M 0 0 L 10 5 L 0 10 z");
        xml.WriteAttributeString("fill", "#555");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Edge(XmlWriter xml, (double X, double Y) from, (double X, double Y) to, bool conditional)
    {
        var (x1, y1) = (from.X + BoxWidth, from.Y + (BoxHeight / 2.0));
        var (x2, y2) = (to.X, to.Y + (BoxHeight / 2.0));
        var middle = (x1 + x2) / 2;
        xml.WriteStartElement("path");
        xml.WriteAttributeString("d", $"M {Number(x1)} {Number(y1)} C {Number(middle)} {Number(y1)}, {Number(middle)} {Number(y2)}, {Number(x2)} {Number(y2)}");
        xml.WriteAttributeString("fill", "none");
        xml.WriteAttributeString("stroke", conditional ? "#b06000" : "#555");
        xml.WriteAttributeString("stroke-width", "1.5");
        if (conditional)
        {
            xml.WriteAttributeString("stroke-dasharray", "6 3");
        }

        xml.WriteAttributeString("marker-end", "url(#arrow)");
        xml.WriteEndElement();
    }

    /// <summary>A box; <paramref name="node"/> (<c>gateway</c>, <c>gateway-end</c>, <c>executor</c>) and its title mark it for the dashboard's figures.</summary>
    private static void Box(XmlWriter xml, (double X, double Y) at, string title, string detail, string? extra, string fill, bool dashed, string node)
    {
        xml.WriteStartElement("g");
        xml.WriteAttributeString("class", "node");
        xml.WriteAttributeString("data-node", node);
        xml.WriteAttributeString("data-name", title);
        xml.WriteStartElement("rect");
        xml.WriteAttributeString("x", Number(at.X));
        xml.WriteAttributeString("y", Number(at.Y));
        xml.WriteAttributeString("width", Number(BoxWidth));
        xml.WriteAttributeString("height", Number(BoxHeight));
        xml.WriteAttributeString("rx", "8");
        xml.WriteAttributeString("fill", fill);
        xml.WriteAttributeString("stroke", "#333");
        if (dashed)
        {
            xml.WriteAttributeString("stroke-dasharray", "5 4");
        }

        xml.WriteEndElement();
        Text(xml, at.X + 10, at.Y + 22, title, 14, "bold");
        Text(xml, at.X + 10, at.Y + 42, Shorten(detail), 11, "normal");
        if (extra is not null)
        {
            Text(xml, at.X + 10, at.Y + 60, Shorten(extra), 10, "normal");
        }

        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, double x, double y, string text, int size, string weight)
    {
        xml.WriteStartElement("text");
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteAttributeString("font-size", size.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("font-weight", weight);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static string Shorten(string text) => text.Length <= 34 ? text : text[..33] + "…";

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
