using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// An <see cref="XmlReader"/> over UTF-8 bytes for the documents most feeds are: valid UTF-8, no DTD, well-formed.
/// It reads markup byte by byte and hands text constructs on as UTF-8 slices of the document (<see cref="ValueUtf8"/>),
/// so the common feed is never decoded to UTF-16 and encoded back.
/// <para>
/// It presents exactly the nodes the standard reader does with <see cref="SafeXml.Settings"/> (comments, processing
/// instructions and insignificant whitespace left out; text split where they were). Anything else, a DOCTYPE, an entity
/// other than the five predefined ones and character references, a name outside ASCII, <c>xml:space</c>, inline markup
/// asked for as a string, or any well-formedness error, throws <see cref="UnsupportedException"/>, and the caller reads
/// the document again with the standard reader, which stays the reference for every result and every error message.
/// </para>
/// </summary>
internal sealed class Utf8XmlReader : XmlReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private const int MaxOpenElements = 1024;
    private const int ManyAttributes = 32;

    // Name bytes: 1 may start a name, 2 may follow, 3 is the colon of a qualified name. Anything else ends it.
    private static readonly byte[] NameClass = BuildNameClass();
    private static readonly SearchValues<byte> XmlWhitespace = SearchValues.Create(" \t\r\n"u8);
    private static readonly SearchValues<byte> TextSpecials = SearchValues.Create("&\r]"u8);
    private static readonly SearchValues<byte> AttributeSpecials = SearchValues.Create("&\r\n\t<"u8);
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private readonly byte[] data;
    private readonly int end;
    private readonly XmlNameTable names;
    private readonly string xmlNs;
    private readonly string xmlnsNs;
    private readonly string xmlPrefix;
    private readonly string xmlnsPrefix;
    private int pos;
    private ReadState state = ReadState.Initial;
    private bool rootSeen;

    private XmlNodeType nodeType;
    private string localName = "";
    private string prefix = "";
    private string namespaceUri = "";
    private bool isEmpty;
    private int depth;
    private byte[] valueBytes = [];
    private int valueStart;
    private int valueLength;
    private string? value;
    private bool popPending;

    private Frame[] frames = new Frame[16];
    private int open;
    private Scope[] scopes = new Scope[8];
    private int scopeCount;
    private Attribute[] attributes = new Attribute[8];
    private int attributeCount;
    private int attributeIndex = -1;
    private HashSet<(string LocalName, string NamespaceUri)>? attributeNames;
    private HashSet<(string Prefix, string LocalName)>? qualifiedNames;
    private byte[] attributeBuffer = new byte[256];
    private int attributeBufferUsed;
    private byte[] textBuffer = new byte[1024];
    private char[] nameChars = new char[64];

    public Utf8XmlReader(ReadOnlyMemory<byte> document, XmlNameTable nameTable)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document, out var segment))
        {
            data = segment.Array!;
            pos = segment.Offset;
            end = segment.Offset + segment.Count;
        }
        else
        {
            data = document.ToArray();
            end = data.Length;
        }

        names = nameTable;
        xmlNs = names.Add(XmlNamespace);
        xmlnsNs = names.Add(XmlnsNamespace);
        xmlPrefix = names.Add("xml");
        xmlnsPrefix = names.Add("xmlns");
    }

    /// <summary>Thrown for whatever this reader leaves to the standard one; the document is read again from the start.</summary>
    public sealed class UnsupportedException(string reason) : Exception(reason);

    /// <summary>
    /// True when the bytes could be a document for this reader: valid UTF-8 with no character XML 1.0 forbids
    /// (C0 controls other than tab and line ends, U+FFFE, U+FFFF). Checked once up front, vectorised.
    /// </summary>
    public static bool Suits(ReadOnlySpan<byte> document)
    {
        if (document.IndexOfAny(ControlBytes) >= 0 || !Utf8.IsValid(document))
        {
            return false;
        }

        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        var rest = document;
        int at;
        while ((at = rest.IndexOf((byte)0xEF)) >= 0 && at + 2 < rest.Length)
        {
            if (rest[at + 1] == 0xBF && rest[at + 2] >= 0xBE)
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        return true;
    }

    public override XmlNodeType NodeType => attributeIndex >= 0 ? XmlNodeType.Attribute : nodeType;

    public override string LocalName => attributeIndex >= 0 ? attributes[attributeIndex].LocalName : localName;

    public override string Prefix => attributeIndex >= 0 ? attributes[attributeIndex].Prefix : prefix;

    public override string NamespaceURI => attributeIndex >= 0 ? attributes[attributeIndex].NamespaceUri : namespaceUri;

    public override string Value => attributeIndex >= 0
        ? AttributeValue(attributeIndex)
        : nodeType is XmlNodeType.Text or XmlNodeType.CDATA ? value ??= Encoding.UTF8.GetString(valueBytes, valueStart, valueLength) : "";

    /// <summary>The current text or CDATA node's value as UTF-8; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> ValueUtf8 => valueBytes.AsSpan(valueStart, valueLength);

    public override int Depth => attributeIndex >= 0 ? depth + 1 : depth;

    public override bool IsEmptyElement => attributeIndex < 0 && nodeType == XmlNodeType.Element && isEmpty;

    public override int AttributeCount => nodeType == XmlNodeType.Element ? attributeCount : 0;

    public override string XmlLang => open > 0 ? frames[open - 1].Lang : "";

    public override string BaseURI => "";

    public override bool EOF => state == ReadState.EndOfFile;

    public override ReadState ReadState => state;

    public override XmlNameTable NameTable => names;

    public override bool CanReadValueChunk => false;

    public override bool Read()
    {
        switch (state)
        {
            case ReadState.Initial:
                state = ReadState.Interactive;
                Declaration();
                break;
            case ReadState.Interactive:
                break;
            default:
                return false;
        }

        if (popPending)
        {
            popPending = false;
            scopeCount = frames[--open].Scopes;
        }

        attributeIndex = -1;
        attributeCount = 0;
        value = null;
        while (true)
        {
            if (pos >= end)
            {
                return Finish();
            }

            if (data[pos] != '<')
            {
                if (Text())
                {
                    return true;
                }

                continue;
            }

            switch (At(pos + 1))
            {
                case (byte)'/':
                    EndTag();
                    return true;
                case (byte)'!':
                    if (Bang())
                    {
                        return true;
                    }

                    continue;
                case (byte)'?':
                    ProcessingInstruction();
                    continue;
                default:
                    StartTag();
                    return true;
            }
        }
    }

    private bool Finish()
    {
        if (open > 0 || !rootSeen)
        {
            throw Unsupported(open > 0 ? "document ends inside an element" : "no root element");
        }

        state = ReadState.EndOfFile;
        nodeType = XmlNodeType.None;
        localName = prefix = namespaceUri = "";
        depth = 0;
        return false;
    }

    /// <summary>A run of character data up to the next markup; false when it is whitespace, which is not reported.</summary>
    private bool Text()
    {
        var rest = data.AsSpan(pos, end - pos);
        var length = rest.IndexOf((byte)'<');
        if (length < 0)
        {
            length = rest.Length;
        }

        var run = rest[..length];
        var start = pos;
        pos += length;
        if (run.IndexOfAnyExcept(XmlWhitespace) < 0)
        {
            return false;
        }

        if (open == 0)
        {
            throw Unsupported("text outside the root element");
        }

        if (run.IndexOfAny(TextSpecials) < 0)
        {
            SetValue(data, start, length);
        }
        else
        {
            if (run.IndexOf("]]>"u8) >= 0)
            {
                throw Unsupported("']]>' in text");
            }

            var decoded = Decode(run, ref textBuffer, 0, attribute: false);
            if (textBuffer.AsSpan(0, decoded).IndexOfAnyExcept(XmlWhitespace) < 0)
            {
                throw Unsupported("whitespace written as references");
            }

            SetValue(textBuffer, 0, decoded);
        }

        SetNode(XmlNodeType.Text, open);
        return true;
    }

    /// <summary>After <c>&lt;!</c>: a comment (skipped, false) or a CDATA section (a node, true). A DOCTYPE is left to the standard reader.</summary>
    private bool Bang()
    {
        var rest = data.AsSpan(pos, end - pos);
        if (rest.StartsWith("<!--"u8))
        {
            var close = rest[4..].IndexOf("-->"u8);
            if (close < 0)
            {
                throw Unsupported("unterminated comment");
            }

            var comment = rest.Slice(4, close);
            if (comment.IndexOf("--"u8) >= 0 || (comment.Length > 0 && comment[^1] == '-'))
            {
                throw Unsupported("'--' in a comment");
            }

            pos += 4 + close + 3;
            return false;
        }

        if (!rest.StartsWith("<![CDATA["u8) || open == 0)
        {
            throw Unsupported("a DOCTYPE or other declaration");
        }

        var length = rest[9..].IndexOf("]]>"u8);
        if (length < 0)
        {
            throw Unsupported("unterminated CDATA section");
        }

        var start = pos + 9;
        pos = start + length + 3;
        var content = data.AsSpan(start, length);
        if (content.IndexOf((byte)'\r') < 0)
        {
            SetValue(data, start, length);
        }
        else
        {
            // LineEnds may grow the buffer: the value must point into the buffer it wrote, not the one passed in.
            var written = LineEnds(content, ref textBuffer);
            SetValue(textBuffer, 0, written);
        }

        SetNode(XmlNodeType.CDATA, open);
        return true;
    }

    /// <summary>A processing instruction, skipped as the standard reader's settings skip them.</summary>
    private void ProcessingInstruction()
    {
        var nameStart = pos + 2;
        var (nameEnd, colon) = ScanName(nameStart);
        if (colon >= 0 || (nameEnd - nameStart == 3 && Ascii.EqualsIgnoreCase(data.AsSpan(nameStart, 3), "xml"u8)))
        {
            throw Unsupported("a processing instruction named xml, or with a colon");
        }

        var close = data.AsSpan(nameEnd, end - nameEnd).IndexOf("?>"u8);
        if (close < 0 || (close > 0 && !IsWhitespace(data[nameEnd])))
        {
            throw Unsupported("malformed processing instruction");
        }

        pos = nameEnd + close + 2;
    }

    /// <summary>The XML declaration, when the document starts with one: checked as strictly as the standard reader checks it.</summary>
    private void Declaration()
    {
        ReadOnlySpan<byte> rest = data.AsSpan(pos, end - pos);
        if (!rest.StartsWith("<?xml"u8) || rest.Length < 6 || !IsWhitespace(rest[5]))
        {
            return;
        }

        var close = rest.IndexOf("?>"u8);
        if (close < 0)
        {
            throw Unsupported("unterminated XML declaration");
        }

        var body = rest[5..close];
        if (!Pseudo(ref body, "version"u8, out var version) || !version.SequenceEqual("1.0"u8))
        {
            throw Unsupported("XML declaration without version 1.0");
        }

        if (Pseudo(ref body, "encoding"u8, out var encoding)
            && (encoding.IsEmpty || !char.IsAsciiLetter((char)encoding[0]) || encoding.IndexOfAnyExcept(EncodingNameBytes) >= 0))
        {
            throw Unsupported("malformed encoding name");
        }

        if (Pseudo(ref body, "standalone"u8, out var standalone) && !standalone.SequenceEqual("yes"u8) && !standalone.SequenceEqual("no"u8))
        {
            throw Unsupported("malformed standalone declaration");
        }

        if (body.IndexOfAnyExcept(XmlWhitespace) >= 0)
        {
            throw Unsupported("malformed XML declaration");
        }

        pos += close + 2;
    }

    private static readonly SearchValues<byte> EncodingNameBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"u8);

    /// <summary>Reads <c> name="value"</c> from the front of a declaration; false (and nothing consumed) when the next pseudo-attribute is another.</summary>
    private static bool Pseudo(ref ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> found)
    {
        found = default;
        var spaced = body.IndexOfAnyExcept(XmlWhitespace);
        if (spaced <= 0 || !body[spaced..].StartsWith(name))
        {
            return false;
        }

        var rest = body[(spaced + name.Length)..];
        var at = rest.IndexOfAnyExcept(XmlWhitespace);
        if (at < 0 || rest[at] != '=')
        {
            throw Unsupported("malformed XML declaration");
        }

        rest = rest[(at + 1)..];
        at = rest.IndexOfAnyExcept(XmlWhitespace);
        if (at < 0 || rest[at] is not ((byte)'"' or (byte)'\''))
        {
            throw Unsupported("malformed XML declaration");
        }

        var quote = rest[at];
        rest = rest[(at + 1)..];
        var close = rest.IndexOf(quote);
        if (close < 0)
        {
            throw Unsupported("malformed XML declaration");
        }

        found = rest[..close];
        body = rest[(close + 1)..];
        return true;
    }

    /// <summary>
    /// Whether attribute <paramref name="index"/> repeats an earlier one. Names are atomised, so few attributes compare by
    /// reference; many go through a set, or a tag of 100,000 attributes (1 MB) would take half a minute.
    /// </summary>
    private bool IsRepeated(int index)
    {
        ref var attribute = ref attributes[index];
        if (attributeCount <= ManyAttributes)
        {
            for (var j = 0; j < index; j++)
            {
                if (ReferenceEquals(attributes[j].LocalName, attribute.LocalName) && ReferenceEquals(attributes[j].NamespaceUri, attribute.NamespaceUri))
                {
                    return true;
                }
            }

            return false;
        }

        return !attributeNames!.Add((attribute.LocalName, attribute.NamespaceUri));
    }

    private void StartTag()
    {
        if (open == 0 && rootSeen)
        {
            throw Unsupported("a second root element");
        }

        if (open == MaxOpenElements)
        {
            throw Unsupported("elements nested too deep");
        }

        var nameStart = pos + 1;
        var (nameEnd, colon) = ScanName(nameStart);
        var p = nameEnd;
        var scopesBefore = scopeCount;
        var lang = open > 0 ? frames[open - 1].Lang : "";
        attributeBufferUsed = 0;
        bool empty;
        while (true)
        {
            var spaced = p;
            while (p < end && IsWhitespace(data[p]))
            {
                p++;
            }

            var b = At(p);
            if (b == '>')
            {
                p++;
                empty = false;
                break;
            }

            if (b == '/')
            {
                if (At(p + 1) != '>')
                {
                    throw Unsupported("'/' not followed by '>'");
                }

                p += 2;
                empty = true;
                break;
            }

            if (spaced == p)
            {
                throw Unsupported("attributes not separated by whitespace");
            }

            p = ReadAttribute(p);
        }

        var elementPrefix = colon < 0 ? "" : Atomise(nameStart, colon - nameStart);
        var elementLocal = colon < 0 ? Atomise(nameStart, nameEnd - nameStart) : Atomise(colon + 1, nameEnd - colon - 1);
        var elementNs = Namespace(elementPrefix) ?? throw Unsupported("undeclared prefix");
        if (attributeCount > ManyAttributes)
        {
            (attributeNames ??= []).Clear();
        }

        for (var i = 0; i < attributeCount; i++)
        {
            ref var attribute = ref attributes[i];
            if (attribute.Declares)
            {
                continue;
            }

            attribute.NamespaceUri = attribute.Prefix.Length == 0 ? "" : Namespace(attribute.Prefix) ?? throw Unsupported("undeclared prefix");
            if (ReferenceEquals(attribute.NamespaceUri, xmlNs))
            {
                if (attribute.LocalName == "space")
                {
                    throw Unsupported("xml:space");
                }

                if (attribute.LocalName == "lang")
                {
                    lang = AttributeValue(i);
                }
            }

            if (IsRepeated(i))
            {
                throw Unsupported("a repeated attribute");
            }
        }

        if (open == frames.Length)
        {
            Array.Resize(ref frames, frames.Length * 2);
        }

        frames[open++] = new Frame
        {
            NameStart = nameStart,
            NameLength = nameEnd - nameStart,
            LocalName = elementLocal,
            Prefix = elementPrefix,
            NamespaceUri = elementNs,
            Lang = lang,
            Scopes = scopesBefore,
        };
        rootSeen = true;
        pos = p;
        SetNode(XmlNodeType.Element, open - 1);
        localName = elementLocal;
        prefix = elementPrefix;
        namespaceUri = elementNs;
        isEmpty = empty;
        popPending = empty;
    }

    /// <summary>One <c>name="value"</c>; namespace declarations take effect at once, for the element and its other attributes.</summary>
    private int ReadAttribute(int nameStart)
    {
        var (nameEnd, colon) = ScanName(nameStart);
        var p = nameEnd;
        while (p < end && IsWhitespace(data[p]))
        {
            p++;
        }

        if (At(p) != '=')
        {
            throw Unsupported("attribute without '='");
        }

        p++;
        while (p < end && IsWhitespace(data[p]))
        {
            p++;
        }

        var quote = At(p);
        if (quote is not ((byte)'"' or (byte)'\''))
        {
            throw Unsupported("unquoted attribute value");
        }

        var valueAt = p + 1;
        var length = data.AsSpan(valueAt, end - valueAt).IndexOf(quote);
        if (length < 0)
        {
            throw Unsupported("unterminated attribute value");
        }

        if (attributeCount == attributes.Length)
        {
            Array.Resize(ref attributes, attributes.Length * 2);
        }

        ref var attribute = ref attributes[attributeCount];
        var raw = data.AsSpan(valueAt, length);
        if (raw.IndexOfAny(AttributeSpecials) < 0)
        {
            attribute.Bytes = data;
            attribute.ValueStart = valueAt;
            attribute.ValueLength = length;
        }
        else
        {
            if (raw.IndexOf((byte)'<') >= 0)
            {
                throw Unsupported("'<' in an attribute value");
            }

            if (attributeBuffer.Length - attributeBufferUsed < length)
            {
                Array.Resize(ref attributeBuffer, Math.Max(attributeBuffer.Length * 2, attributeBufferUsed + length));
            }

            attribute.Bytes = attributeBuffer;
            attribute.ValueStart = attributeBufferUsed;
            attribute.ValueLength = Decode(raw, ref attributeBuffer, attributeBufferUsed, attribute: true);
            attributeBufferUsed += attribute.ValueLength;
        }

        attribute.Value = null;
        attribute.Declares = false;
        attribute.Prefix = colon < 0 ? "" : Atomise(nameStart, colon - nameStart);
        attribute.LocalName = colon < 0 ? Atomise(nameStart, nameEnd - nameStart) : Atomise(colon + 1, nameEnd - colon - 1);
        if (RepeatsQualifiedName(attribute.Prefix, attribute.LocalName))
        {
            throw Unsupported("a repeated attribute");
        }

        if (colon < 0)
        {
            if (ReferenceEquals(attribute.LocalName, xmlnsPrefix))
            {
                attribute.Declares = true;
                attribute.NamespaceUri = xmlnsNs;
                Declare("", AttributeValue(attributeCount));
            }
        }
        else
        {
            if (ReferenceEquals(attribute.Prefix, xmlnsPrefix))
            {
                attribute.Declares = true;
                attribute.NamespaceUri = xmlnsNs;
                var uri = AttributeValue(attributeCount);
                if (uri.Length == 0 || ReferenceEquals(attribute.LocalName, xmlnsPrefix) || ReferenceEquals(attribute.LocalName, xmlPrefix))
                {
                    throw Unsupported("a reserved or empty namespace declaration");
                }

                Declare(attribute.LocalName, uri);
            }
        }

        attributeCount++;
        return valueAt + length + 1;
    }

    /// <summary>
    /// Whether an attribute of the tag already has this qualified name (XML 1.0, WFC: Unique Att Spec). Names are
    /// atomised, so few attributes compare by reference; many go through a set, as in <see cref="IsRepeated"/>.
    /// </summary>
    private bool RepeatsQualifiedName(string attributePrefix, string attributeLocalName)
    {
        if (attributeCount < ManyAttributes)
        {
            for (var i = 0; i < attributeCount; i++)
            {
                if (ReferenceEquals(attributes[i].LocalName, attributeLocalName) && ReferenceEquals(attributes[i].Prefix, attributePrefix))
                {
                    return true;
                }
            }

            return false;
        }

        if (attributeCount == ManyAttributes)
        {
            (qualifiedNames ??= []).Clear();
            for (var i = 0; i < attributeCount; i++)
            {
                qualifiedNames.Add((attributes[i].Prefix, attributes[i].LocalName));
            }
        }

        return !qualifiedNames!.Add((attributePrefix, attributeLocalName));
    }

    private void Declare(string declared, string uri)
    {
        if (uri == XmlNamespace || uri == XmlnsNamespace)
        {
            throw Unsupported("a reserved namespace declared");
        }

        if (scopeCount == scopes.Length)
        {
            Array.Resize(ref scopes, scopes.Length * 2);
        }

        scopes[scopeCount++] = new Scope(declared, names.Add(uri));
    }

    private string? Namespace(string declared)
    {
        for (var i = scopeCount - 1; i >= 0; i--)
        {
            if (ReferenceEquals(scopes[i].Prefix, declared))
            {
                return scopes[i].Uri;
            }
        }

        return declared.Length == 0 ? ""
            : ReferenceEquals(declared, xmlPrefix) ? xmlNs
            : null;
    }

    private void EndTag()
    {
        var nameStart = pos + 2;
        var (nameEnd, _) = ScanName(nameStart);
        if (open == 0)
        {
            throw Unsupported("an end tag with no element open");
        }

        ref var frame = ref frames[open - 1];
        if (!data.AsSpan(nameStart, nameEnd - nameStart).SequenceEqual(data.AsSpan(frame.NameStart, frame.NameLength)))
        {
            throw Unsupported("an end tag that does not match");
        }

        var p = nameEnd;
        while (p < end && IsWhitespace(data[p]))
        {
            p++;
        }

        if (At(p) != '>')
        {
            throw Unsupported("malformed end tag");
        }

        pos = p + 1;
        SetNode(XmlNodeType.EndElement, open - 1);
        localName = frame.LocalName;
        prefix = frame.Prefix;
        namespaceUri = frame.NamespaceUri;
        popPending = true;
    }

    /// <summary>An ASCII XML name starting at <paramref name="start"/>: where it ends and its colon, if any. Anything else is unsupported.</summary>
    private (int End, int Colon) ScanName(int start)
    {
        if (start >= end || NameClass[data[start]] != 1)
        {
            throw Unsupported("a name that is empty or not ASCII");
        }

        var colon = -1;
        var p = start + 1;
        while (p < end)
        {
            var kind = NameClass[data[p]];
            if (kind == 0)
            {
                break;
            }

            if (kind == 3)
            {
                if (colon >= 0 || p + 1 >= end || NameClass[data[p + 1]] != 1)
                {
                    throw Unsupported("a malformed qualified name");
                }

                colon = p;
            }

            p++;
        }

        if (p < end && data[p] >= 0x80)
        {
            throw Unsupported("a name that is not ASCII");
        }

        return (p, colon);
    }

    /// <summary>
    /// The name table's string for an ASCII name in the document. A small per-thread cache keyed on the bytes answers the
    /// names a feed repeats (item, title, link …) without widening them to characters and hashing them again.
    /// </summary>
    private string Atomise(int start, int length)
    {
        var name = data.AsSpan(start, length);
        // Length and three bytes tell a feed's usual names apart; a collision only costs a lookup in the table.
        var hash = (length * 61) ^ (name[0] * 31) ^ (name[length >> 1] * 7) ^ name[^1];

        var cache = NameCache.For(names);
        var slot = hash & (NameCache.Slots - 1);
        if (cache.Keys[slot] is { } key && name.SequenceEqual(key))
        {
            return cache.Values[slot]!;
        }

        if (nameChars.Length < length)
        {
            nameChars = new char[Math.Max(length, nameChars.Length * 2)];
        }

        for (var i = 0; i < length; i++)
        {
            nameChars[i] = (char)name[i];
        }

        var atom = names.Add(nameChars, 0, length);
        cache.Keys[slot] = name.ToArray();
        cache.Values[slot] = atom;
        return atom;
    }

    private sealed class NameCache
    {
        public const int Slots = 256;

        [ThreadStatic]
        private static NameCache? current;

        private XmlNameTable? table;

        public byte[]?[] Keys { get; } = new byte[]?[Slots];

        public string?[] Values { get; } = new string?[Slots];

        /// <summary>The thread's cache, emptied when the name table it answers for changes.</summary>
        public static NameCache For(XmlNameTable table)
        {
            var cache = current ??= new NameCache();
            if (!ReferenceEquals(cache.table, table))
            {
                Array.Clear(cache.Keys);
                Array.Clear(cache.Values);
                cache.table = table;
            }

            return cache;
        }
    }

    /// <summary>
    /// Expands references and normalises line ends (and, in attribute values, whitespace to spaces) into
    /// <paramref name="buffer"/> at <paramref name="at"/>; the length written, never more than the source's.
    /// </summary>
    private static int Decode(ReadOnlySpan<byte> source, ref byte[] buffer, int at, bool attribute)
    {
        if (buffer.Length - at < source.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, at + source.Length));
        }

        var output = buffer.AsSpan(at);
        var written = 0;
        var specials = attribute ? AttributeSpecials : TextSpecials;
        while (!source.IsEmpty)
        {
            var next = source.IndexOfAny(specials);
            if (next < 0)
            {
                source.CopyTo(output[written..]);
                written += source.Length;
                break;
            }

            source[..next].CopyTo(output[written..]);
            written += next;
            var special = source[next];
            source = source[(next + 1)..];
            switch (special)
            {
                case (byte)'\r':
                    output[written++] = attribute ? (byte)' ' : (byte)'\n';
                    if (!source.IsEmpty && source[0] == '\n')
                    {
                        source = source[1..];
                    }

                    break;
                case (byte)'\n' or (byte)'\t':
                    output[written++] = (byte)' ';
                    break;
                case (byte)'&':
                    written += Reference(ref source, output[written..]);
                    break;
                default:
                    output[written++] = special;
                    break;
            }
        }

        return written;
    }

    /// <summary>A CDATA section's content with its line ends normalised.</summary>
    private static int LineEnds(ReadOnlySpan<byte> source, ref byte[] buffer)
    {
        if (buffer.Length < source.Length)
        {
            buffer = new byte[Math.Max(buffer.Length * 2, source.Length)];
        }

        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == '\r')
            {
                b = (byte)'\n';
                if (i + 1 < source.Length && source[i + 1] == '\n')
                {
                    i++;
                }
            }

            buffer[written++] = b;
        }

        return written;
    }

    /// <summary>One reference after its <c>&amp;</c>: a predefined entity or a character reference, written as UTF-8.</summary>
    private static int Reference(ref ReadOnlySpan<byte> source, Span<byte> output)
    {
        var semicolon = source[..Math.Min(source.Length, 12)].IndexOf((byte)';');
        if (semicolon <= 0)
        {
            throw Unsupported("a bare '&'");
        }

        var name = source[..semicolon];
        source = source[(semicolon + 1)..];
        byte single = name switch
        {
            [(byte)'l', (byte)'t'] => (byte)'<',
            [(byte)'g', (byte)'t'] => (byte)'>',
            [(byte)'a', (byte)'m', (byte)'p'] => (byte)'&',
            [(byte)'q', (byte)'u', (byte)'o', (byte)'t'] => (byte)'"',
            [(byte)'a', (byte)'p', (byte)'o', (byte)'s'] => (byte)'\'',
            _ => 0,
        };
        if (single != 0)
        {
            output[0] = single;
            return 1;
        }

        if (name[0] != '#' || name.Length < 2)
        {
            throw Unsupported("an entity a DTD would have to declare");
        }

        var hex = name[1] == 'x';
        var digits = name[(hex ? 2 : 1)..];
        var code = 0;
        if (digits.IsEmpty)
        {
            throw Unsupported("a malformed character reference");
        }

        foreach (var d in digits)
        {
            var digit = d is >= (byte)'0' and <= (byte)'9' ? d - '0'
                : hex && d is >= (byte)'a' and <= (byte)'f' ? d - 'a' + 10
                : hex && d is >= (byte)'A' and <= (byte)'F' ? d - 'A' + 10
                : -1;
            if (digit < 0)
            {
                throw Unsupported("a malformed character reference");
            }

            code = (code * (hex ? 16 : 10)) + digit;
        }

        var allowed = code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
        if (!allowed)
        {
            throw Unsupported("a reference to a character XML forbids");
        }

        return new Rune(code).EncodeToUtf8(output);
    }

    private string AttributeValue(int index)
    {
        ref var attribute = ref attributes[index];
        return attribute.Value ??= Encoding.UTF8.GetString(attribute.Bytes, attribute.ValueStart, attribute.ValueLength);
    }

    private void SetValue(byte[] bytes, int start, int length)
    {
        valueBytes = bytes;
        valueStart = start;
        valueLength = length;
    }

    private void SetNode(XmlNodeType type, int nodeDepth)
    {
        nodeType = type;
        depth = nodeDepth;
        localName = prefix = namespaceUri = "";
        isEmpty = false;
    }

    private byte At(int index) => index < end ? data[index] : throw Unsupported("document ends inside markup");

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static UnsupportedException Unsupported(string reason) => new(reason);

    public override string? GetAttribute(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : AttributeValue(index);
    }

    public override string? GetAttribute(string name, string? namespaceURI)
    {
        var index = IndexOf(name, namespaceURI ?? "");
        return index < 0 ? null : AttributeValue(index);
    }

    public override string GetAttribute(int i) =>
        (uint)i < (uint)AttributeCount ? AttributeValue(i) : throw new ArgumentOutOfRangeException(nameof(i));

    public override bool MoveToAttribute(string name) => MoveTo(IndexOf(name));

    public override bool MoveToAttribute(string name, string? ns) => MoveTo(IndexOf(name, ns ?? ""));

    public override void MoveToAttribute(int i)
    {
        if (!MoveTo((uint)i < (uint)AttributeCount ? i : -1))
        {
            throw new ArgumentOutOfRangeException(nameof(i));
        }
    }

    public override bool MoveToFirstAttribute() => MoveTo(AttributeCount > 0 ? 0 : -1);

    public override bool MoveToNextAttribute() => attributeIndex + 1 < AttributeCount && MoveTo(attributeIndex + 1);

    public override bool MoveToElement()
    {
        if (attributeIndex < 0)
        {
            return false;
        }

        attributeIndex = -1;
        return true;
    }

    private bool MoveTo(int index)
    {
        if (index < 0)
        {
            return false;
        }

        attributeIndex = index;
        return true;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            ref var attribute = ref attributes[i];
            var matches = attribute.Prefix.Length == 0
                ? attribute.LocalName == name
                : name.Length == attribute.Prefix.Length + 1 + attribute.LocalName.Length
                  && name.StartsWith(attribute.Prefix, StringComparison.Ordinal)
                  && name[attribute.Prefix.Length] == ':'
                  && name.EndsWith(attribute.LocalName, StringComparison.Ordinal);
            if (matches)
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOf(string name, string ns)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            if (attributes[i].LocalName == name && attributes[i].NamespaceUri == ns)
            {
                return i;
            }
        }

        return -1;
    }

    public override string? LookupNamespace(string lookup) =>
        lookup == "xmlns" ? xmlnsNs : Namespace(names.Get(lookup) ?? lookup);

    public override bool ReadAttributeValue() => throw Unsupported("attribute value nodes");

    public override string ReadInnerXml() => throw Unsupported("markup asked for as a string");

    public override string ReadOuterXml() => throw Unsupported("markup asked for as a string");

    public override void ResolveEntity() => throw new InvalidOperationException("There are no entity references to resolve.");

    public override void Close() => state = ReadState.Closed;

    private static byte[] BuildNameClass()
    {
        var table = new byte[256];
        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = 1;
            table[char.ToUpperInvariant(c)] = 1;
        }

        table['_'] = 1;
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = 2;
        }

        table['.'] = 2;
        table['-'] = 2;
        table[':'] = 3;
        return table;
    }

    private struct Frame
    {
        public int NameStart;
        public int NameLength;
        public string LocalName;
        public string Prefix;
        public string NamespaceUri;
        public string Lang;
        public int Scopes;
    }

    private readonly record struct Scope(string Prefix, string Uri);

    private struct Attribute
    {
        public string LocalName;
        public string Prefix;
        public string NamespaceUri;
        public byte[] Bytes;
        public int ValueStart;
        public int ValueLength;
        public string? Value;
        public bool Declares;
    }
}
