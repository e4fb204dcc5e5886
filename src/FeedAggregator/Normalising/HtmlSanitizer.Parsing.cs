using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedAggregator.Normalising;

internal static partial class HtmlSanitizer
{
    private const string DocumentStart = "<!DOCTYPE html><body>";

    private static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = false,
        SkipComments = true,
        SkipProcessingInstructions = true,
        SkipCDATA = true,
        DisableElementPositionTracking = true,
    };

    // AngleSharp documents no thread safety for a parser shared between threads; one per thread costs little.
    [ThreadStatic]
    private static ParserState? threadState;

    /// <summary>The body a browser builds from the markup as the content of a body element.</summary>
    internal static IElement? ParseBody(string html) => ParseBody(html, out _);

    private static IElement? ParseBody(string html, out int errors)
    {
        // A whole standards-mode document rather than HtmlParser.ParseFragment, which reports no parse errors; the
        // explicit body start tag makes the markup body content from its first character, as a fragment would be.
        var state = threadState ??= new ParserState();
        state.Errors = 0;
        var body = state.Parser.ParseDocument(string.Concat(DocumentStart, HtmlNesting.Limit(html))).Body;
        errors = state.Errors;
        return body;
    }

    private sealed class ParserState
    {
        public ParserState()
        {
            // No loader and no scripting service: parsing never fetches or runs anything.
            Parser = new HtmlParser(ParserOptions, BrowsingContext.New(AngleSharp.Configuration.Default));
            Parser.Error += (_, _) => Errors++;
        }

        public HtmlParser Parser { get; }

        /// <summary>Parse errors in the current parse: only broken markup builds trees that may not read back the same.</summary>
        public int Errors { get; set; }
    }
}
