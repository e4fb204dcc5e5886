using System.Text;
using AngleSharp.Dom;

namespace FeedAggregator.Normalising;

internal static partial class HtmlSanitizer
{
    private const string LinkRel = "nofollow noopener noreferrer";

    private sealed class Writer(StringBuilder output, Uri? baseUri)
    {
        public StringBuilder Output { get; } = output;

        /// <summary>Set when unwrapping let kept elements meet that the parser would not have nested this way.</summary>
        public bool Restructured { get; private set; }

        private int written;

        private void WriteNode(INode node, string? container, bool inLink)
        {
            switch (node.NodeType)
            {
                case NodeType.Text:
                    AppendEscapedText(Output, ((ICharacterData)node).Data);
                    break;
                case NodeType.Element:
                    WriteElement((IElement)node, container, inLink);
                    break;
                default:
                    // Comments, processing instructions and doctypes carry nothing a reader sees.
                    break;
            }
        }

        public void WriteChildren(INode parent, string? container, bool inLink)
        {
            var children = parent.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                WriteNode(children[i], container, inLink);
            }
        }

        private void Unwrap(IElement element, string? container, bool inLink)
        {
            var before = written;
            WriteChildren(element, container, inLink);
            if (written != before)
            {
                Restructured = true;
            }
        }

        private void WriteElement(IElement element, string? container, bool inLink)
        {
            // Foreign (SVG, MathML) elements only live inside svg and math, which go whole; this catches the rest.
            if (!string.Equals(element.NamespaceUri, NamespaceNames.HtmlUri, StringComparison.Ordinal))
            {
                return;
            }

            var rule = HtmlAllowList.Find(element.LocalName);
            if (rule is null || rule.Action == ElementAction.Unwrap)
            {
                Unwrap(element, container, inLink);
                return;
            }

            if (rule.Action == ElementAction.Remove)
            {
                return;
            }

            var name = rule.Name;
            var isLink = string.Equals(name, "a", StringComparison.Ordinal);
            switch (name)
            {
                case "source" when container is not ("picture" or "audio" or "video"):
                case "track" when container is not ("audio" or "video"):
                    return;
                case "caption" or "colgroup" or "thead" or "tbody" or "tfoot" when container is not "table":
                case "col" when container is not ("colgroup" or "table"):
                case "tr" when container is not ("table" or "thead" or "tbody" or "tfoot"):
                case "td" or "th" when container is not "tr":
                    // Table parts outside their table would be dropped or moved by the next parse.
                    Unwrap(element, container, inLink);
                    return;
                case "a" when inLink:
                    // A link inside a link is invalid and the parser would split them on the next round.
                    Unwrap(element, container, inLink);
                    return;
                default:
                    break;
            }

            var start = Output.Length;
            Output.Append('<').Append(name);
            string? address = null;
            string? width = null;
            string? height = null;
            var hasSrcSet = false;
            var attributes = element.Attributes;
            for (var i = 0; i < attributes.Length; i++)
            {
                var attribute = attributes[i];
                if (attribute is null
                    || !string.IsNullOrEmpty(attribute.NamespaceUri)
                    || !rule.Attributes.TryGetValue(attribute.LocalName, out var kind))
                {
                    continue;
                }

                var value = kind switch
                {
                    AttributeKind.Link or AttributeKind.ImageSource or AttributeKind.Url => CleanUrl(attribute.Value, kind, baseUri),
                    AttributeKind.SrcSet => CleanSrcSet(attribute.Value, baseUri),
                    AttributeKind.Dimension => CleanDimension(attribute.Value),
                    AttributeKind.Integer => CleanInteger(attribute.Value),
                    AttributeKind.Boolean => "",
                    _ => attribute.Value,
                };
                if (value is null)
                {
                    continue;
                }

                var attributeName = attribute.LocalName;
                switch (attributeName)
                {
                    case "href" or "src":
                        address = value;
                        break;
                    case "width":
                        width = value;
                        break;
                    case "height":
                        height = value;
                        break;
                    case "srcset":
                        hasSrcSet = true;
                        break;
                    default:
                        break;
                }

                Output.Append(' ').Append(attributeName);
                if (kind != AttributeKind.Boolean)
                {
                    Output.Append("=\"");
                    AppendEscapedAttribute(Output, value);
                    Output.Append('"');
                }
            }

            switch (name)
            {
                case "img" when address is null || IsTrackingPixel(width, height) || IsTracker(address):
                    Output.Length = start;
                    return;
                case "source" when address is null && !hasSrcSet:
                case "track" when address is null:
                    // Nothing left to play.
                    Output.Length = start;
                    return;
                case "a" when address is null:
                    Output.Length = start;
                    Unwrap(element, container, inLink);
                    return;
                case "a":
                    Output.Append(" rel=\"").Append(LinkRel).Append('"');
                    break;
                case "audio" or "video":
                    Output.Append(" controls");
                    break;
                default:
                    break;
            }

            Output.Append('>');
            written++;
            if (rule.IsVoid)
            {
                return;
            }

            var contentStart = Output.Length;
            WriteChildren(element, name, inLink || isLink);
            if (isLink && Output.Length == contentStart)
            {
                Output.Length = start;
                written--;
                return;
            }

            // The parser drops one newline right after <pre>, so a first newline of the content needs another before it.
            if (string.Equals(name, "pre", StringComparison.Ordinal) && Output.Length > contentStart && Output[contentStart] == '\n')
            {
                Output.Insert(contentStart, '\n');
            }

            Output.Append("</").Append(name).Append('>');
        }
    }

    private static void AppendEscapedText(StringBuilder output, string text)
    {
        var span = text.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny("&<>\u00A0");
            if (next < 0)
            {
                output.Append(span);
                return;
            }

            output.Append(span[..next]).Append(span[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&nbsp;",
            });
            span = span[(next + 1)..];
        }
    }

    private static void AppendEscapedAttribute(StringBuilder output, string value)
    {
        var span = value.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny("&\"<>\u00A0");
            if (next < 0)
            {
                output.Append(span);
                return;
            }

            output.Append(span[..next]).Append(span[next] switch
            {
                '&' => "&amp;",
                '"' => "&quot;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&nbsp;",
            });
            span = span[(next + 1)..];
        }
    }
}
