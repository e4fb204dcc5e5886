using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedAggregator.Normalising;

namespace FeedAggregator.Tests.Normalising;

public sealed class HtmlSanitizerTests
{
    private const string Rel = " rel=\"nofollow noopener noreferrer\"";
    private static readonly Uri Base = new("https://news.example.org/2024/05/item.html");
    private static readonly HashSet<string> KeptElements = [.. HtmlAllowList.KeptElements];

    [TestCase("<p>One</p><p>Two</p>", "<p>One</p><p>Two</p>")]
    [TestCase("<p>A <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <strike>k</strike></p>", "<p>A <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <strike>k</strike></p>")]
    [TestCase("H<sub>2</sub>O x<sup>2</sup> <small>s</small> <big>b</big> <mark>m</mark>", "H<sub>2</sub>O x<sup>2</sup> <small>s</small> <big>b</big> <mark>m</mark>")]
    [TestCase("<cite>c</cite> <code>x()</code> <kbd>K</kbd> <samp>out</samp> <span>s</span>", "<cite>c</cite> <code>x()</code> <kbd>K</kbd> <samp>out</samp> <span>s</span>")]
    [TestCase("<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>", "<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>")]
    [TestCase("<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>")]
    [TestCase("<ol start=\"3\" reversed type=\"a\"><li value=\"7\">x</li></ol>", "<ol start=\"3\" reversed type=\"a\"><li value=\"7\">x</li></ol>")]
    [TestCase("<dl><dt>Term</dt><dd>Definition</dd></dl>", "<dl><dt>Term</dt><dd>Definition</dd></dl>")]
    [TestCase("<blockquote cite=\"https://example.com/q\"><p>Quote</p></blockquote>", "<blockquote cite=\"https://example.com/q\"><p>Quote</p></blockquote>")]
    [TestCase("<q cite=\"/said\">q</q> <del datetime=\"2024-05-27\">old</del><ins>new</ins>", "<q cite=\"https://news.example.org/said\">q</q> <del datetime=\"2024-05-27\">old</del><ins>new</ins>")]
    [TestCase("<pre>\n\n  indented</pre>", "<pre>\n\n  indented</pre>")]
    [TestCase("<pre>code</pre>", "<pre>code</pre>")]
    [TestCase("A<br>B<hr>C<wbr>D", "A<br>B<hr>C<wbr>D")]
    [TestCase("<table><tr><td colspan=\"2\">x</td></tr></table>", "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>")]
    [TestCase(
        "<table><caption>C</caption><colgroup><col span=\"2\"></colgroup><thead><tr><th scope=\"col\" rowspan=\"2\">h</th></tr></thead><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
        "<table><caption>C</caption><colgroup><col span=\"2\"></colgroup><thead><tr><th scope=\"col\" rowspan=\"2\">h</th></tr></thead><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>")]
    [TestCase(
        "<figure><img src=\"https://cdn.example.com/a.jpg\" alt=\"A\" title=\"T\" width=\"640\" height=\"360\"><figcaption>Caption</figcaption></figure>",
        "<figure><img src=\"https://cdn.example.com/a.jpg\" alt=\"A\" title=\"T\" width=\"640\" height=\"360\"><figcaption>Caption</figcaption></figure>")]
    [TestCase("<a href=\"https://example.com/x\" title=\"T\" hreflang=\"en\">link</a>", "<a href=\"https://example.com/x\" title=\"T\" hreflang=\"en\"" + Rel + ">link</a>")]
    [TestCase("<time datetime=\"2024-05-27T10:00:00Z\">27 May</time>", "<time datetime=\"2024-05-27T10:00:00Z\">27 May</time>")]
    [TestCase("<abbr title=\"Non-governmental organisation\">NGO</abbr>", "<abbr title=\"Non-governmental organisation\">NGO</abbr>")]
    [TestCase("<details open><summary>More</summary>Text</details>", "<details open><summary>More</summary>Text</details>")]
    [TestCase("<section><article><header>H</header><div>D</div><aside>A</aside><footer>F</footer></article></section>", "<section><article><header>H</header><div>D</div><aside>A</aside><footer>F</footer></article></section>")]
    [TestCase("<p dir=\"rtl\" lang=\"ar\" title=\"t\">نص</p>", "<p dir=\"rtl\" lang=\"ar\" title=\"t\">نص</p>")]
    [TestCase(
        "<picture><source srcset=\"/a.webp 1x, /a@2x.webp 2x\" type=\"image/webp\"><img src=\"/a.jpg\" alt=\"\"></picture>",
        "<picture><source srcset=\"https://news.example.org/a.webp 1x, https://news.example.org/a@2x.webp 2x\" type=\"image/webp\"><img src=\"https://news.example.org/a.jpg\" alt=\"\"></picture>")]
    [TestCase("<video src=\"/v.mp4\" poster=\"/p.jpg\" width=\"640\"><track src=\"/v.vtt\" kind=\"captions\" srclang=\"en\"></video>", "<video src=\"https://news.example.org/v.mp4\" poster=\"https://news.example.org/p.jpg\" width=\"640\" controls><track src=\"https://news.example.org/v.vtt\" kind=\"captions\" srclang=\"en\"></video>")]
    [TestCase("<audio controls><source src=\"/a.mp3\" type=\"audio/mpeg\"></audio>", "<audio controls><source src=\"https://news.example.org/a.mp3\" type=\"audio/mpeg\"></audio>")]
    [TestCase("<p>x &amp; y &lt; z &gt; w &quot;q&quot; a&nbsp;b</p>", "<p>x &amp; y &lt; z &gt; w \"q\" a&nbsp;b</p>")]
    [TestCase("<p title=\"a &amp; &quot;b&quot; &lt;c&gt;\">x</p>", "<p title=\"a &amp; &quot;b&quot; &lt;c&gt;\">x</p>")]
    [TestCase("<p>Торговля <i>людьми</i></p>", "<p>Торговля <i>людьми</i></p>")]
    [TestCase("<P CLASS=x>Upper</P>", "<p>Upper</p>")]
    [TestCase("<p>unclosed<p>second", "<p>unclosed</p><p>second</p>")]
    [TestCase("  <p>padded</p>\n", "<p>padded</p>")]
    public void Sanitize_AllowedMarkup_IsKept(string html, string expected) =>
        AssertSanitized(html, Base, expected);

    [TestCase("<script>alert(1)</script>Safe", "Safe")]
    [TestCase("<style>p { color: red }</style><p>x</p>", "<p>x</p>")]
    [TestCase("<iframe src=\"https://evil.example/\">fallback</iframe>after", "after")]
    [TestCase("<object data=\"x.swf\"><param name=\"a\" value=\"b\">fallback</object>ok", "ok")]
    [TestCase("<embed src=\"x.swf\">ok", "ok")]
    [TestCase("<applet code=\"X.class\">fallback</applet>ok", "ok")]
    [TestCase("<form action=\"/x\"><p>label <input name=\"q\"><button>Go</button></p></form>ok", "ok")]
    [TestCase("<select><option>1</option></select><textarea>t</textarea>ok", "ok")]
    [TestCase("<svg viewBox=\"0 0 1 1\"><circle r=\"1\"/><text>t</text></svg>ok", "ok")]
    [TestCase("<math><mi>x</mi></math>ok", "ok")]
    [TestCase("<noscript><p>Enable JavaScript</p></noscript>ok", "ok")]
    [TestCase("<noembed>n</noembed><noframes>f</noframes>ok", "ok")]
    [TestCase("<template><p>t</p></template>ok", "ok")]
    [TestCase("<meta http-equiv=\"refresh\" content=\"0\"><link rel=\"stylesheet\" href=\"x.css\"><base href=\"https://evil.example/\"><title>t</title>ok", "ok")]
    [TestCase("<frameset><frame src=\"x\"></frameset>ok", "ok")]
    [TestCase("<font color=\"red\" face=\"Arial\">Red</font> text", "Red text")]
    [TestCase("<center><p>centred</p></center>", "<p>centred</p>")]
    [TestCase("<p>Word<o:p></o:p></p>", "<p>Word</p>")]
    [TestCase("<custom-widget data-x=\"1\"><b>b</b></custom-widget>", "<b>b</b>")]
    [TestCase("<nav><ul><li>menu</li></ul></nav><main><p>story</p></main>", "<ul><li>menu</li></ul><p>story</p>")]
    [TestCase("a<!-- comment -->b", "ab")]
    [TestCase("<!DOCTYPE html><p>x</p>", "<p>x</p>")]
    [TestCase("<?xml version=\"1.0\"?><p>x</p>", "<p>x</p>")]
    [TestCase("<![CDATA[hidden]]><p>x</p>", "<p>x</p>")]
    [TestCase("<p style=\"color:red\" class=\"c\" id=\"i\" name=\"n\" data-x=\"1\" onclick=\"x()\" align=\"center\">t</p>", "<p>t</p>")]
    [TestCase("<img src=\"/a.jpg\" onerror=\"x()\" style=\"border:0\" class=\"c\" loading=\"lazy\" border=\"0\">", "<img src=\"https://news.example.org/a.jpg\">")]
    [TestCase("<a href=\"/x\" target=\"_blank\" rel=\"author\" ping=\"https://t.example/\" download>x</a>", "<a href=\"https://news.example.org/x\"" + Rel + ">x</a>")]
    [TestCase("<a name=\"anchor\">no href</a>", "no href")]
    [TestCase("<a href=\"/x\"></a>after", "after")]
    [TestCase("<a href=\"/a\">outer <span><a href=\"/b\">inner</a></span></a>", "<a href=\"https://news.example.org/a\"" + Rel + ">outer <span></span></a><a href=\"https://news.example.org/b\"" + Rel + ">inner</a>")]
    [TestCase("<img alt=\"no source\">", "")]
    [TestCase("<source src=\"/a.mp4\">ok", "ok")]
    [TestCase("<div><track src=\"/a.vtt\"></div>", "<div></div>")]
    [TestCase("<img src=\"/a.jpg\" width=\"wide\" height=\"100px\">", "<img src=\"https://news.example.org/a.jpg\" height=\"100\">")]
    [TestCase("<td>cell outside a table</td>", "cell outside a table")]
    [TestCase("<table><tr><td colspan=\"two\" rowspan=\" 3 \">x</td></tr></table>", "<table><tbody><tr><td rowspan=\"3\">x</td></tr></tbody></table>")]
    public void Sanitize_DisallowedMarkup_IsRemoved(string html, string expected) =>
        AssertSanitized(html, Base, expected);

    [TestCase("/relative", "https://news.example.org/relative")]
    [TestCase("page2.html", "https://news.example.org/2024/05/page2.html")]
    [TestCase("../up", "https://news.example.org/2024/up")]
    [TestCase("//cdn.example.com/a", "https://cdn.example.com/a")]
    [TestCase("#comments", "https://news.example.org/2024/05/item.html#comments")]
    [TestCase("?page=2", "https://news.example.org/2024/05/item.html?page=2")]
    [TestCase("  https://example.com/a\n", "https://example.com/a")]
    [TestCase("HTTPS://Example.COM/A", "https://example.com/A")]
    [TestCase("http://example.com/a b", "http://example.com/a%20b")]
    [TestCase("/wiki/Special:Random", "https://news.example.org/wiki/Special:Random")]
    [TestCase("mailto:editor@example.org", "mailto:editor@example.org")]
    [TestCase("MailTo:editor@example.org", "MailTo:editor@example.org")]
    public void Sanitize_LinkAddress_IsCleanedAndAbsolute(string href, string expected) =>
        AssertSanitized($"<a href=\"{href}\">x</a>", Base, $"<a href=\"{expected}\"{Rel}>x</a>");

    [TestCase("/relative", "/relative")]
    [TestCase("page.html#top", "page.html#top")]
    [TestCase("//cdn.example.com/a", "//cdn.example.com/a")]
    [TestCase("https://example.com/a", "https://example.com/a")]
    public void Sanitize_NoBase_KeepsRelativeAddresses(string href, string expected) =>
        AssertSanitized($"<a href=\"{href}\">x</a>", null, $"<a href=\"{expected}\"{Rel}>x</a>");

    [TestCase("foo:bar")]
    [TestCase("a b:c")]
    [TestCase("javascript:alert(1)")]
    public void Sanitize_NoBase_DropsAddressesThatMayCarryAScheme(string href) =>
        AssertSanitized($"<a href=\"{href}\">x</a>", null, "x");

    [TestCase("javascript:alert(1)")]
    [TestCase("JaVaScRiPt:alert(1)")]
    [TestCase(" \u0001 javascript:alert(1)")]
    [TestCase("java\tscript:alert(1)")]
    [TestCase("java&#x0A;script:alert(1)")]
    [TestCase("&#106;avascript:alert(1)")]
    [TestCase("javascript&colon;alert(1)")]
    [TestCase("java\u0000script:alert(1)")]
    [TestCase("javas\u200Bcript:alert(1)")]
    [TestCase("vbscript:msgbox(1)")]
    [TestCase("livescript:alert(1)")]
    [TestCase("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [TestCase("data:image/png;base64,iVBORw0KGgo=")]
    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://example.com/x")]
    [TestCase("\\\\server\\share")]
    [TestCase("")]
    [TestCase("   ")]
    public void Sanitize_LinkWithDisallowedAddress_BecomesText(string href) =>
        AssertSanitized($"<a href=\"{href}\">x</a>", Base, "x");

    [TestCase("data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo=")]
    [TestCase("data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data:image/gif;base64,R0lGODlhAQABAAAAACw=")]
    [TestCase("/img/a.jpg", "https://news.example.org/img/a.jpg")]
    public void Sanitize_ImageSource_IsKept(string src, string expected) =>
        AssertSanitized($"<img src=\"{src}\">", Base, $"<img src=\"{expected}\">");

    [TestCase("data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+")]
    [TestCase("data:image/svg+xml,<svg onload=alert(1)>")]
    [TestCase("data:text/html,<script>alert(1)</script>")]
    [TestCase("data:,plain")]
    [TestCase("mailto:a@example.org")]
    [TestCase("javascript:alert(1)")]
    public void Sanitize_ImageWithDisallowedSource_IsRemoved(string src) =>
        AssertSanitized($"<p>x<img src=\"{src}\"></p>", Base, "<p>x</p>");

    [TestCase("/a.jpg 1x, /b.jpg 2x", "https://news.example.org/a.jpg 1x, https://news.example.org/b.jpg 2x")]
    [TestCase("/a.jpg 480w,/b.jpg 960w", "https://news.example.org/a.jpg 480w, https://news.example.org/b.jpg 960w")]
    [TestCase("https://img.example.com/w_100,h_100/a.jpg 100w", "https://img.example.com/w_100,h_100/a.jpg 100w")]
    [TestCase("javascript:alert(1) 1x, /b.jpg 2x", "https://news.example.org/b.jpg 2x")]
    [TestCase("/a.jpg onerror=alert(1), /b.jpg", "https://news.example.org/b.jpg")]
    public void Sanitize_SrcSet_EveryCandidateIsChecked(string srcset, string expected) =>
        AssertSanitized($"<img src=\"/a.jpg\" srcset=\"{srcset}\">", Base, $"<img src=\"https://news.example.org/a.jpg\" srcset=\"{expected}\">");

    [TestCase("<p>Story<img src=\"https://example.com/p.gif\" width=\"1\" height=\"1\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://example.com/p.gif\" width=\"0\" height=\"0\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://example.com/p.gif\" width=\"1px\" height=\"1px\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://feeds.feedburner.com/~r/Example/~4/abc\" height=\"1\" width=\"1\" alt=\"\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story</p><a href=\"https://feeds.feedburner.com/~ff/Example?a=x\"><img src=\"https://feeds.feedburner.com/~ff/Example?d=y\" border=\"0\"></a>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://pixel.wp.com/b.gif?v=1\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://stats.wordpress.com/b.gif?host=x\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"http://da.feedsportal.com/r/1/rc.img\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"https://ad.doubleclick.net/ddm/ad/x\"></p>", "<p>Story</p>")]
    [TestCase("<p>Story<img src=\"/a.jpg\" width=\"1\" height=\"200\"></p>", "<p>Story<img src=\"https://news.example.org/a.jpg\" width=\"1\" height=\"200\"></p>")]
    [TestCase("<p>Story<img src=\"/a.jpg\" width=\"1\"></p>", "<p>Story<img src=\"https://news.example.org/a.jpg\" width=\"1\"></p>")]
    public void Sanitize_TrackingPixels_AreRemoved(string html, string expected) =>
        AssertSanitized(html, Base, expected);

    [TestCase("Plain summary without markup.")]
    [TestCase("a > b, \"quoted\"")]
    public void Sanitize_NoMarkupNoEntities_ReturnsTheSameString(string text) =>
        Assert.That(HtmlSanitizer.Sanitize(text, Base), Is.SameAs(text));

    [TestCase(null, "")]
    [TestCase("", "")]
    [TestCase("  padded \n", "padded")]
    [TestCase("A &amp; B", "A &amp; B")]
    [TestCase("AT&T", "AT&amp;T")]
    [TestCase("x &lt;script&gt;alert(1)&lt;/script&gt;", "x &lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("&copy 2024 &mdash; &#8217;s &#x2019;s &#150;", "© 2024 — ’s ’s –")]
    [TestCase("&notit; &notin; &bogus; &#; &#x; & end", "¬it; ∉ &amp;bogus; &amp;#; &amp;#x; &amp; end")]
    [TestCase("a&nbsp;b &#0; &#xD800; &#x110000;", "a&nbsp;b \uFFFD \uFFFD \uFFFD")]
    public void Sanitize_TextWithoutTags_IsDecodedAndEscaped(string? text, string expected) =>
        Assert.That(HtmlSanitizer.Sanitize(text, Base), Is.EqualTo(expected));

    [TestCase("A &amp; B")]
    [TestCase("AT&T &copy 2024 &mdash; &#8217; &#150; &notit; &bogus; &#0;")]
    [TestCase("x &lt;b&gt; &quot;q&quot; &apos;a&apos; a&nbsp;b")]
    public void Sanitize_TextWithoutTags_MatchesTheParser(string text) =>
        Assert.That(HtmlSanitizer.Sanitize(text, Base), Is.EqualTo(HtmlSanitizer.Sanitize("<!---->" + text, Base)));

    /// <summary>Each vector must come out inert: nothing that runs, loads or restyles, and stable when sanitised again.</summary>
    [TestCase("<script>alert(1)</script>")]
    [TestCase("<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>")]
    [TestCase("<scr<script>ipt>alert(1)</script>")]
    [TestCase("<<script>script>alert(1)//<</script>")]
    [TestCase("<img src=x onerror=alert(1)//")]
    [TestCase("<img src=x onerror=alert(1)>")]
    [TestCase("<img src=\"x\" onerror=\"alert(1)\">")]
    [TestCase("<IMG SRC=\"javascript:alert(1);\">")]
    [TestCase("<IMG SRC=JaVaScRiPt:alert(1)>")]
    [TestCase("<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>")]
    [TestCase("<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>")]
    [TestCase("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")]
    [TestCase("<a href=\"jav&#x0A;ascript:alert(1)\">x</a>")]
    [TestCase("<a href=\" &#14;  javascript:alert(1)\">x</a>")]
    [TestCase("<a href=\"\u0000javascript:alert(1)\">x</a>")]
    [TestCase("<a href=\"java&#0000;script:alert(1)\">x</a>")]
    [TestCase("<a href=\"javascript&colon;alert(1)\">x</a>")]
    [TestCase("<a href=\"vbscript:msgbox(1)\">x</a>")]
    [TestCase("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>")]
    [TestCase("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>")]
    [TestCase("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">")]
    [TestCase("<img srcset=\"javascript:alert(1) 1x\" src=\"vbscript:msgbox(1)\">")]
    [TestCase("<svg><script>alert(1)</script></svg>")]
    [TestCase("<svg onload=alert(1)>")]
    [TestCase("<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>")]
    [TestCase("<p><svg><style><img src=x onerror=alert(1)></style></svg></p>")]
    [TestCase("<math><mi//xlink:href=\"data:x,<script>alert(1)</script>\">")]
    [TestCase("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>")]
    [TestCase("<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>")]
    [TestCase("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")]
    [TestCase("<!--><img src=x onerror=alert(1)>-->")]
    [TestCase("<![CDATA[<img src=x onerror=alert(1)>]]>")]
    [TestCase("<iframe src=\"javascript:alert(1)\"></iframe>")]
    [TestCase("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>")]
    [TestCase("<object data=\"javascript:alert(1)\"></object>")]
    [TestCase("<embed src=\"data:text/html,<script>alert(1)</script>\">")]
    [TestCase("<body onload=alert(1)>")]
    [TestCase("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [TestCase("<div style=\"width: expression(alert(1))\">x</div>")]
    [TestCase("<style>@import 'https://evil.example/x.css';</style>")]
    [TestCase("<link rel=\"stylesheet\" href=\"javascript:alert(1)\">")]
    [TestCase("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">")]
    [TestCase("<base href=\"javascript:alert(1)//\">")]
    [TestCase("<form action=\"javascript:alert(1)\"><input type=\"submit\"></form>")]
    [TestCase("<button formaction=\"javascript:alert(1)\">x</button>")]
    [TestCase("<input autofocus onfocus=alert(1)>")]
    [TestCase("<details open ontoggle=alert(1)>")]
    [TestCase("<video><source onerror=\"alert(1)\"></video>")]
    [TestCase("<video poster=javascript:alert(1)></video>")]
    [TestCase("<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>")]
    [TestCase("<a href=\"#\" onclick=\"alert(1)\">x</a>")]
    [TestCase("<a href=\"https://example.com\" style=\"position:fixed;top:0\">x</a>")]
    [TestCase("<p id=\"location\" name=\"cookie\" class=\"x\" data-bind=\"alert(1)\">x</p>")]
    [TestCase("<marquee onstart=alert(1)>x</marquee>")]
    [TestCase("<isindex type=image src=1 onerror=alert(1)>")]
    [TestCase("<xmp><script>alert(1)</script></xmp>")]
    [TestCase("<template><script>alert(1)</script></template>")]
    [TestCase("</p><script>alert(1)</script>")]
    [TestCase("<frameset><frame src=\"javascript:alert(1)\"></frameset>")]
    [TestCase("<select><option><style></option></select><img src=x onerror=alert(1)></style>")]
    [TestCase("<a href=\"javascript:alert(1)\"><img src=\"/a.jpg\"></a>")]
    [TestCase("<img src=\"https://ok.example/a.jpg\" onload=\"alert(1)\">")]
    [TestCase("<div><b><i><a href=\"javas\tcript:alert(1)\">deep</a></i></b></div>")]
    [TestCase("<a href=\"/x\"><svg><a xlink:href=\"javascript:alert(1)\">y</a></svg></a>")]
    [TestCase("<title><img src=x onerror=alert(1)></title>")]
    [TestCase("<textarea><img src=x onerror=alert(1)></textarea>")]
    [TestCase("<noembed><img src=x onerror=alert(1)></noembed>")]
    [TestCase("<style><img src=x onerror=alert(1)></style>")]
    [TestCase("<p>a</p><plaintext><img src=x onerror=alert(1)>")]
    public void Sanitize_XssVector_IsInert(string html)
    {
        var once = HtmlSanitizer.Sanitize(html, Base);

        AssertInert(once);
        Assert.That(HtmlSanitizer.Sanitize(once, Base), Is.EqualTo(once), "sanitising twice changes nothing");
    }

    [Test]
    public void Sanitize_AnyTwoFragmentsTogether_IsInertAndStable()
    {
        string[] fragments =
        [
            "<p>para", "</p>", "<a href=\"/a\">", "</a>", "<center>", "<h1>", "<h2>x</h2>", "<table><tr><td>", "</table>",
            "<li>", "<ul>", "<marquee>", "<o:p>", "<font>", "<pre>\n", "<img src=x onerror=alert(1)>", "<svg><p>",
            "<math><mtext>", "<form>", "<select>", "<noscript>", "<!--", "<b>", "<i>", "<dd>", "<nobr>", "<xmp>", "text &amp;",
        ];
        foreach (var first in fragments)
        {
            foreach (var second in fragments)
            {
                var html = first + "one" + second + "two";
                var once = HtmlSanitizer.Sanitize(html, Base);

                AssertInert(once, html);
                Assert.That(HtmlSanitizer.Sanitize(once, Base), Is.EqualTo(once), html);
            }
        }
    }

    [Test]
    public void Sanitize_DeepNesting_IsHandledWithoutRecursionTrouble()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 5000)) + "deep" + string.Concat(Enumerable.Repeat("</span></div>", 5000));

        var once = HtmlSanitizer.Sanitize(html, Base);

        Assert.That(once, Does.Contain("deep"));
        Assert.That(HtmlSanitizer.Sanitize(once, Base), Is.EqualTo(once));
        Assert.That(PlainText.From(html), Is.EqualTo("deep"));
    }

    [TestCase("Tra<font>ff</font>icking", "Trafficking")]
    [TestCase("<p>a</p><iframe>x</iframe><p>b</p>", "a b")]
    [TestCase("One<br>Two<img src=\"/a.jpg\">Three", "One Two Three")]
    [TestCase("x<wbr>y", "xy")]
    [TestCase("a < b and <a title=\"x>y\">link</a>", "a < b and link")]
    [TestCase("<ul><li>one</li><li>two</li></ul><table><tr><td>c1</td><td>c2</td></tr></table>", "one two c1 c2")]
    [TestCase("<template><p>t</p></template>Shown<noscript> hidden</noscript>", "Shown")]
    [TestCase("&copy 2024 &amp; AT&T", "© 2024 & AT&T")]
    [TestCase("  Plain\u00A0text  ", "Plain text")]
    public void PlainText_SharesTheParse(string html, string expected) =>
        Assert.That(PlainText.From(html), Is.EqualTo(expected));

    [Test]
    public void PlainText_FoldedText_IsReturnedAsIs()
    {
        const string title = "Round table discusses shelters";

        Assert.That(PlainText.From(title), Is.SameAs(title));
        Assert.That(PlainText.Fold(title), Is.SameAs(title));
    }

    [TestCase("", "")]
    [TestCase(" ", "")]
    [TestCase("  a \t\n b\u00A0 ", "a b")]
    [TestCase("a\u2003b\u0001c", "a b c")]
    [TestCase("<b>not markup</b> &amp;", "<b>not markup</b> &amp;")]
    public void PlainText_Fold_FoldsWhiteSpaceOnly(string text, string expected) =>
        Assert.That(PlainText.Fold(Regex.Unescape(text)), Is.EqualTo(expected));

    private static void AssertSanitized(string html, Uri? baseUri, string expected)
    {
        var once = HtmlSanitizer.Sanitize(html, baseUri);

        Assert.That(once, Is.EqualTo(expected));
        Assert.That(HtmlSanitizer.Sanitize(once, baseUri), Is.EqualTo(once), "sanitising twice changes nothing");
    }

    /// <summary>Checks the text for the tell-tale strings, then parses it as a browser would and checks the tree.</summary>
    private static void AssertInert(string output, string? input = null)
    {
        var because = input ?? output;
        Assert.That(output, Does.Not.Contain("<script").IgnoreCase, because);
        Assert.That(output, Does.Not.Contain("javascript:").IgnoreCase, because);
        Assert.That(output, Does.Not.Contain("vbscript:").IgnoreCase, because);
        Assert.That(output, Does.Not.Contain("data:text").IgnoreCase, because);
        Assert.That(output, Does.Not.Contain("style=").IgnoreCase, because);
        Assert.That(Regex.IsMatch(output, @"<[^>]*\son[a-z]*\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), Is.False, because);

        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><body>" + output);
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.That(element.NamespaceUri, Is.EqualTo(NamespaceNames.HtmlUri), because);
            Assert.That(KeptElements, Does.Contain(element.LocalName), because);
            foreach (var attribute in element.Attributes)
            {
                Assert.That(attribute.Name, Does.Not.StartWith("on").And.Not.EqualTo("style"), because);
                if (attribute.Name is "href" or "src" or "cite" or "poster")
                {
                    Assert.That(attribute.Value, Does.Match("^(https?://|mailto:|data:image/(?!svg))"), because);
                }
            }
        }
    }
}
