using System.Text;

namespace FeedAggregator.Normalising;

/// <summary>
/// Keeps hostile markup from making the HTML parser's work grow faster than its input. Two shapes do (docs/reliability.md):
/// <list type="bullet">
/// <item>Deep nesting, found by the fuzz tests. AngleSharp builds no tree deeper than about 510 elements, as browsers do, but keeps every element
/// opened beyond that on its stack of open elements and searches the stack at each tag: 100,000 nested <c>&lt;div&gt;</c>
/// (500 kB) took 100 seconds. Tags that would open an element deeper than <see cref="MaxDepth"/> are unwrapped.</item>
/// <item>Formatting elements left open, found looking for other shapes of the same cost. An element such as <c>&lt;b&gt;</c> closed by its parent stays active, and the
/// parser rebuilds every active one before the next text (HTML, "reconstruct the active formatting elements"): 200
/// distinct open <c>&lt;b&gt;</c> and then <c>&lt;p&gt;x</c> over and over made 800,000 elements of 18 kB. More than
/// <see cref="MaxFormatting"/> active formatting elements are unwrapped, and once the rebuilding would make more elements
/// than one per <see cref="CharactersPerRebuilt"/> characters the rest of the tags go and only their text stays.</item>
/// <item>Sheer numbers of elements, found by the bench fuzz run. Each element costs the parser 300 to 500 bytes and a
/// few microseconds, and a text is parsed two or three times (sanitised, again when broken, then as plain text): 180,000
/// <c>&lt;p&gt;</c> (540 kB) took 13 seconds. A text keeps its first <see cref="MaxTags"/> start tags; later tags go
/// and their text stays.</item>
/// </list>
/// Unwrapping drops a tag and its end tag and keeps what is between. Markup a person wrote comes nowhere near these
/// limits and passes through as the same string.
/// </summary>
/// <remarks>
/// The estimate is made in one pass, not by building a tree: void elements and self-closed foreign ones open nothing; a
/// block closes an open p and a list item, cell or row the open one of its kind, as the parser would; raw text (script, style,
/// textarea, title) is skipped; an end tag closes its element when no scope boundary (a table, cell, button, object and
/// the like) lies inside it.
/// </remarks>
internal static class HtmlNesting
{
    public const int MaxDepth = 256;

    public const int MaxFormatting = 16;

    public const int CharactersPerRebuilt = 16;

    /// <summary>Start tags kept in one text: far more than an article has, a tenth of a second of parsing.</summary>
    public const int MaxTags = 20_000;

    /// <summary>Markup with fewer tags than this cannot do harm: the common case costs one vectorised count.</summary>
    private const int FewTags = 64;

    private static readonly System.Buffers.SearchValues<char> Upper = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    };

    /// <summary>Start tags that close an open p (HTML, "in body": "if the stack of open elements has a p element in button scope").</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
        "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "hr", "xmp", "table", "li", "dd", "dt",
    };

    /// <summary>Elements that bound the search for an element to close (HTML, "has an element in scope"; button only for p).</summary>
    private static readonly string[] ScopeBoundaries =
        ["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button", "svg", "math"];

    // What a start tag closes, and the elements that stop the search for it.
    private static readonly (string[] Closes, string[] Within) ListItem = (["li"], ["ul", "ol"]);
    private static readonly (string[] Closes, string[] Within) Definition = (["dt", "dd"], ["dl"]);
    private static readonly (string[] Closes, string[] Within) Cell = (["td", "th"], ["tr"]);
    private static readonly (string[] Closes, string[] Within) Row = (["tr"], ["tbody", "thead", "tfoot"]);
    private static readonly (string[] Closes, string[] Within) Option = (["option"], ["select", "optgroup"]);
    private static readonly (string[] Closes, string[] Within) Paragraph = (["p"], []);

    private static readonly HashSet<string> Formatting = new(StringComparer.Ordinal)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    /// <summary>The markup with the tags that would do harm unwrapped; the same string when none would.</summary>
    public static string Limit(string html)
    {
        if (html.AsSpan().Count('<') <= FewTags)
        {
            return html;
        }

        var scan = new Scan((html.Length / CharactersPerRebuilt) + 256);
        StringBuilder? output = null;
        var copied = 0;
        var at = 0;
        var textStart = 0;
        while ((at = html.IndexOf('<', at)) >= 0 && at + 1 < html.Length)
        {
            if (at > textStart)
            {
                // Any character, white space too, makes the parser rebuild the formatting elements closed before it.
                scan.Text();
            }

            var next = html[at + 1];
            if (next == '!')
            {
                at = textStart = Skip(html, at, html.AsSpan(at).StartsWith("<!--", StringComparison.Ordinal) ? "-->" : ">");
                continue;
            }

            var isEnd = next == '/';
            var nameStart = at + (isEnd ? 2 : 1);
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                // Not a tag: the '<' is text.
                scan.Text();
                textStart = ++at;
                continue;
            }

            var nameEnd = NameEnd(html, nameStart);
            var name = scan.Atomise(html.AsSpan(nameStart, nameEnd - nameStart));
            var tagEnd = TagEnd(html, nameEnd);
            var selfClosed = tagEnd - 2 > at && html[tagEnd - 1] == '>' && html[tagEnd - 2] == '/';
            if (isEnd ? scan.DropsEndTag(name) : scan.DropsStartTag(name, selfClosed))
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, copied, at - copied);
                copied = tagEnd;
            }

            at = textStart = !isEnd && RawText.Contains(name) ? EndOfRawText(html, tagEnd, name) : tagEnd;
        }

        return output is null ? html : output.Append(html, copied, html.Length - copied).ToString();
    }

    /// <summary>The parser's state as far as cost goes: open elements, active formatting elements, and what was unwrapped.</summary>
    private sealed class Scan(int rebuildBudget)
    {
        private static readonly string[] Buttonless = [.. ScopeBoundaries.Where(boundary => boundary != "button")];
        private static readonly string[] CellBoundaries = [.. ScopeBoundaries.Where(boundary => boundary is not ("td" or "th"))];

        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> names = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly List<string> open = [];

        /// <summary>Where each name is open, innermost last: "is it in scope" without walking the stack.</summary>
        private readonly Dictionary<string, Stack<int>> positions = new(StringComparer.Ordinal);
        private readonly List<string> active = [];
        private readonly Dictionary<string, int> unwrapped = new(StringComparer.Ordinal);

        /// <summary>Active formatting elements closed by an ancestor, which the next text rebuilds.</summary>
        private int detached;
        private int rebuilt;

        private int tags;

        /// <summary>Set once rebuilding has cost too much, or the text has had its tags: from then on every tag goes.</summary>
        private bool textOnly;

        public void Text()
        {
            if (detached == 0)
            {
                return;
            }

            rebuilt += detached;
            for (var i = active.Count - detached; i < active.Count && open.Count < MaxDepth; i++)
            {
                Push(active[i]);
            }

            detached = 0;
            textOnly |= rebuilt > rebuildBudget;
        }

        public bool DropsStartTag(string name, bool selfClosed)
        {
            textOnly |= ++tags > MaxTags;
            if (textOnly)
            {
                return true;
            }

            Text();
            if (Void.Contains(name) || (selfClosed && (Innermost("svg") >= 0 || Innermost("math") >= 0)))
            {
                return false;
            }

            CloseImplied(name);
            var formatting = Formatting.Contains(name);
            if (formatting && name is "a" or "nobr" && active.LastIndexOf(name) >= 0)
            {
                // A new link closes the one still open (the adoption agency), as its end tag would.
                CloseFormatting(name);
            }

            if (open.Count >= MaxDepth || (formatting && active.Count >= MaxFormatting))
            {
                unwrapped[name] = unwrapped.GetValueOrDefault(name) + 1;
                return true;
            }

            Push(name);
            if (formatting)
            {
                active.Add(name);
            }

            return false;
        }

        public bool DropsEndTag(string name)
        {
            if (textOnly)
            {
                return true;
            }

            if (unwrapped.TryGetValue(name, out var count) && count > 0)
            {
                unwrapped[name] = count - 1;
                return true;
            }

            if (Formatting.Contains(name))
            {
                CloseFormatting(name);
            }
            else if (InScope(name, name == "p" ? ScopeBoundaries : Buttonless) is var at and >= 0)
            {
                PopTo(at);
            }

            return false;
        }

        /// <summary>The name in lower case (ASCII), one string per name: a document of a million tags makes a handful of strings.</summary>
        public string Atomise(ReadOnlySpan<char> name)
        {
            Span<char> lower = stackalloc char[64];
            scoped var key = name;
            if (name.Length <= lower.Length && name.ContainsAny(Upper))
            {
                Ascii.ToLower(name, lower, out var written);
                key = lower[..written];
            }

            if (!names.TryGetValue(key, out var atom))
            {
                atom = key.Length <= lower.Length ? key.ToString() : key.ToString().ToLowerInvariant();
                names.Add(atom);
            }

            return atom;
        }

        /// <summary>The end of an active formatting element: it leaves the active list, and the stack if it is open in scope.</summary>
        private void CloseFormatting(string name)
        {
            var activeAt = active.LastIndexOf(name);
            if (activeAt < 0)
            {
                return;
            }

            if (InScope(name, Buttonless) is var at and >= 0)
            {
                PopTo(at);
                detached--;
            }
            else
            {
                detached = Math.Max(0, detached - 1);
            }

            active.RemoveAt(activeAt);
        }

        /// <summary>
        /// The elements a start tag closes by itself (HTML, "in body" insertion mode): a block closes an open p, a list item
        /// the open list item of its list, a cell or row the open cell or row of its table.
        /// </summary>
        private void CloseImplied(string name)
        {
            var (closes, within) = name switch
            {
                "li" => ListItem,
                "dt" or "dd" => Definition,
                "td" or "th" => Cell,
                "tr" => Row,
                "option" or "optgroup" => Option,
                _ when ClosesParagraph.Contains(name) => Paragraph,
                _ => default,
            };
            if (closes is null)
            {
                return;
            }

            var target = -1;
            foreach (var closed in closes)
            {
                target = Math.Max(target, Innermost(closed));
            }

            // A row closes the open row around the open cell: the cells are no boundary to it.
            if (target >= 0 && target > Math.Max(Innermost(within), Innermost(name == "tr" ? CellBoundaries : ScopeBoundaries)))
            {
                PopTo(target);
            }
        }

        /// <summary>Where the innermost open <paramref name="name"/> is, when no boundary lies inside it; else -1.</summary>
        private int InScope(string name, string[] boundaries)
        {
            var at = Innermost(name);
            return at > Innermost(boundaries) ? at : -1;
        }

        private int Innermost(string name) => positions.TryGetValue(name, out var stack) && stack.Count > 0 ? stack.Peek() : -1;

        private int Innermost(string[] candidates)
        {
            var innermost = -1;
            foreach (var candidate in candidates)
            {
                innermost = Math.Max(innermost, Innermost(candidate));
            }

            return innermost;
        }

        private void Push(string name)
        {
            if (!positions.TryGetValue(name, out var stack))
            {
                positions[name] = stack = new Stack<int>();
            }

            stack.Push(open.Count);
            open.Add(name);
        }

        /// <summary>Closes open element <paramref name="index"/> and all inside it; formatting ones among them stay active.</summary>
        private void PopTo(int index)
        {
            for (var i = open.Count - 1; i >= index; i--)
            {
                positions[open[i]].Pop();
                if (Formatting.Contains(open[i]))
                {
                    detached++;
                }
            }

            detached = Math.Min(detached, active.Count);
            open.RemoveRange(index, open.Count - index);
        }
    }

    /// <summary>Where a tag name ends, as the HTML tokenizer reads it: at white space, '/' or '&gt;'.</summary>
    private static int NameEnd(string html, int start)
    {
        var end = start;
        while (end < html.Length && html[end] is not (' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>'))
        {
            end++;
        }

        return end;
    }

    /// <summary>Just past the '&gt;' that ends the tag, skipping quoted attribute values; the end of the text if none does.</summary>
    private static int TagEnd(string html, int from)
    {
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '>')
            {
                return i + 1;
            }

            if (c == '=')
            {
                // An attribute value: a quoted one may hold '>'.
                var value = i + 1;
                while (value < html.Length && html[value] is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    value++;
                }

                if (value < html.Length && html[value] is '"' or '\'')
                {
                    var close = html.IndexOf(html[value], value + 1);
                    if (close < 0)
                    {
                        return html.Length;
                    }

                    value = close + 1;
                }

                i = value - 1;
            }
        }

        return html.Length;
    }

    private static int Skip(string html, int from, string until)
    {
        var found = html.IndexOf(until, from, StringComparison.Ordinal);
        return found < 0 ? html.Length : found + until.Length;
    }

    /// <summary>Just past the end tag of a script, style or other raw text element: nothing inside is markup.</summary>
    private static int EndOfRawText(string html, int from, string name)
    {
        var close = html.IndexOf("</" + name, from, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? html.Length : TagEnd(html, close + 2 + name.Length);
    }
}
