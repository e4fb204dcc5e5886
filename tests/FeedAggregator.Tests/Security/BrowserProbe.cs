using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace FeedAggregator.Tests.Security;

/// <summary>What a page did in the browser, and what its live DOM holds that should not be there.</summary>
/// <param name="Calls">Vector numbers whose payload ran (the payload records itself before anything else).</param>
/// <param name="Dialogs">Messages of alert, confirm and prompt dialogs opened.</param>
/// <param name="CanaryRequests">Requests for any canary address: only something that ran, or loaded what it should not, asks for one.</param>
/// <param name="Problems">Violations of <see cref="InertHtml"/>'s rules in the live DOM, and a navigation away from the page.</param>
internal sealed record ProbeResult(IReadOnlyList<int> Calls, IReadOnlyList<string> Dialogs, IReadOnlyList<string> CanaryRequests, IReadOnlyList<string> Problems)
{
    public bool IsInert => Calls.Count == 0 && Dialogs.Count == 0 && CanaryRequests.Count == 0 && Problems.Count == 0;

    public override string ToString() =>
        $"calls [{string.Join(", ", Calls)}]; dialogs [{string.Join(" | ", Dialogs)}]; canary [{string.Join(" ", CanaryRequests)}]; problems:\n  {string.Join("\n  ", Problems)}";
}

/// <summary>
/// Headless Chromium (Debian's, at <see cref="Chromium"/>) as a consumer of what the service publishes. Before any
/// page script, every frame gets the payload function <c>xss(n)</c>, which records n, fetches the loopback canary and
/// opens an alert; every request other than the page itself is recorded, those for a canary passed on to it, the rest
/// refused; after the page has loaded, its live DOM is checked by the rules of <see cref="InertHtml"/>.
/// </summary>
internal sealed class BrowserProbe : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    // InertHtml's rules, for the live DOM. mode "content": only the body's descendants count and nothing is allowed;
    // mode "page": every element counts, and the head may hold charset, viewport, alternate links and inactive CSS.
    private const string DomCheck = """
        (mode) => {
          const forbidden = new Set(['script','iframe','frame','frameset','object','embed','applet','param','base','portal','meta','link',
            'style','form','input','button','select','textarea','keygen','isindex','template','noscript','xmp','plaintext','noembed','noframes']);
          const addresses = new Set(['href','src','action','formaction','data','poster','background','cite','codebase','dynsrc','lowsrc',
            'longdesc','ping','manifest','icon','archive','classid','usemap','profile','xlink:href']);
          const clean = v => v.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
          const scheme = v => { const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(clean(v)); return m ? m[1].toLowerCase() : null; };
          const badAddress = (v, element, attribute) => {
            const s = scheme(v);
            if (s === null || s === 'http' || s === 'https') return false;
            if (s === 'mailto' && element === 'a' && attribute === 'href') return false;
            if (s === 'data' && (element === 'img' || element === 'source') && attribute === 'src'
                && /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/i.test(clean(v))) return false;
            return true;
          };
          const activeCss = /expression|javascript|vbscript|@import|behavior|binding|url\(/i;
          const allowedOnPage = e => {
            switch (e.localName) {
              case 'meta': return !e.hasAttribute('http-equiv') && [...e.attributes].every(a => ['charset','name','content'].includes(a.name));
              case 'link': return e.getAttribute('rel') === 'alternate';
              case 'style': return !activeCss.test(e.textContent);
              default: return false;
            }
          };
          const problems = [];
          const elements = mode === 'page' ? document.querySelectorAll('*') : document.body.querySelectorAll('*');
          for (const e of elements) {
            const name = e.localName;
            if (e.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push('foreign element <' + e.nodeName + '>');
            else if (forbidden.has(name) && !(mode === 'page' && allowedOnPage(e))) problems.push('<' + name + '>');
            for (const a of e.attributes) {
              const n = a.name.toLowerCase();
              if (n.startsWith('on') || a.localName.toLowerCase().startsWith('on')) problems.push('<' + name + '> event handler ' + a.name);
              else if (n === 'style' || n === 'srcdoc') problems.push('<' + name + '> ' + a.name + '="' + a.value + '"');
              else if (addresses.has(n) || addresses.has(a.localName)) { if (badAddress(a.value, name, a.localName)) problems.push('<' + name + '> ' + a.name + '="' + a.value + '"'); }
              else if (n === 'srcset' || n === 'imagesrcset') {
                for (const c of a.value.split(',')) { const u = c.trim().split(' ')[0]; if (u && badAddress(u, name, 'src')) problems.push('<' + name + '> ' + a.name + '="' + a.value + '"'); }
              }
            }
          }
          return { calls: window.__xssCalls || [], problems };
        }
        """;

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private BrowserProbe(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<BrowserProbe> StartAsync()
    {
        // Missing chromium is a failure, never a skip: these promises are only checked here.
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing; `dotnet test FeedAggregator.sln` installs it with apt-get");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        return new BrowserProbe(playwright, browser);
    }

    /// <summary>Loads a page the service serves, as it serves it (its headers, its Content-Security-Policy).</summary>
    public Task<ProbeResult> LoadAsync(Uri page, Uri canary) => ProbeAsync(page, null, canary, "page");

    /// <summary>
    /// Renders HTML content as the body of a page without any Content-Security-Policy, as a careless consumer would,
    /// so that only the content itself keeps script from running. The page is answered for an address on the canary's
    /// host, so the payload's canary fetch is same-origin and nothing but the content can stop it.
    /// </summary>
    public Task<ProbeResult> RenderAsync(string bodyHtml, Uri canary) =>
        ProbeAsync(new Uri(canary, "/harness/" + Guid.NewGuid().ToString("N")), bodyHtml, canary, "content");

    private async Task<ProbeResult> ProbeAsync(Uri address, string? body, Uri canary, string mode)
    {
        await using var context = await browser.NewContextAsync();
        var canaryRequests = new ConcurrentQueue<string>();
        var dialogs = new ConcurrentQueue<string>();
        var pageUrl = address.AbsoluteUri;
        await context.AddInitScriptAsync($$"""
            (() => {
              window.__xssCalls = [];
              window.{{XssCorpus.PayloadFunction}} = n => {
                window.__xssCalls.push(n);
                try { fetch({{JsonSerializer.Serialize(canary.AbsoluteUri)}} + n, { mode: 'no-cors' }); } catch (e) { }
                alert('payload ' + n);
              };
            })();
            """);
        await context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url == pageUrl)
            {
                if (body is null)
                {
                    await route.ContinueAsync();
                }
                else
                {
                    await route.FulfillAsync(new()
                    {
                        Status = 200,
                        ContentType = "text/html; charset=utf-8",
                        Body = $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>consumer</title></head><body>\n{body}\n</body></html>",
                    });
                }
            }
            else if (url.Contains("canary", StringComparison.OrdinalIgnoreCase))
            {
                canaryRequests.Enqueue(url);
                await route.ContinueAsync();
            }
            else
            {
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        context.Page += (_, popup) => dialogs.Enqueue("popup " + popup.Url);
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(pageUrl, new() { WaitUntil = WaitUntilState.Load });

        // Handlers that fire a little after load (focus, animation and transition events, timers) get their chance.
        await Task.Delay(300);
        var problems = new List<string>();
        if (page.Url != pageUrl)
        {
            problems.Add("navigated to " + page.Url);
        }

        var result = await page.EvaluateAsync<JsonElement>(DomCheck, mode);
        problems.AddRange(result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!));
        var calls = result.GetProperty("calls").EnumerateArray().Select(c => c.TryGetInt32(out var n) ? n : -1).ToList();
        return new ProbeResult(calls, [.. dialogs], [.. canaryRequests], problems);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
