import { describe, expect, test } from "vitest";
import { renderLetterMarkdown } from "~/publishing/markdown.server";

const REL = 'rel="nofollow noopener noreferrer"';

// Each entry: a name and the Markdown an organizer could put in a letter body.
const XSS: [string, string][] = [
  ["script tag", "<script>alert(1)</script>"],
  ["script tag, mixed case", "<ScRiPt>alert(1)</sCrIpT>"],
  ["img onerror", "<img src=x onerror=alert(1)>"],
  ["javascript: link", "[x](javascript:alert(1))"],
  ["JAVASCRIPT: link", "[x](JAVASCRIPT:alert(1))"],
  ["tab inside the scheme", "[x](java\tscript:alert(1))"],
  ["encoded tab inside the scheme", "[x](java&#x09;script:alert(1))"],
  ["leading space and newline", "[x]( \njavascript:alert(1))"],
  ["angle-bracketed destination", "[x](<javascript:alert(1)>)"],
  ["data: text/html link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["data: image link", "[x](data:image/png;base64,iVBORw0KGgo=)"],
  ["vbscript: link", "[x](vbscript:msgbox(1))"],
  ["file: link", "[x](file:///etc/passwd)"],
  ["entity-encoded colon", "[x](javascript&#58;alert(1))"],
  ["named-entity colon", "[x](vbscript&colon;msgbox(1))"],
  ["entity-encoded first letter", "[x](&#106;avascript:alert(1))"],
  ["percent-encoded first letter", "[x](%6Aavascript:alert(1))"],
  ["protocol-relative link", "[x](//evil.example/path)"],
  ["backslash protocol-relative link", "[x](\\\\evil.example/path)"],
  ["relative link", "[x](/settings)"],
  ["raw anchor with javascript:", '<a href="javascript:alert(1)">x</a>'],
  ["raw anchor with onclick", '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ["svg onload", "<svg onload=alert(1)>"],
  ["svg with nested script", "<svg><script>alert(1)</script></svg>"],
  ["iframe", '<iframe src="https://evil.example"></iframe>'],
  ["style block", "<style>body{background:url(https://evil.example/t)}</style>"],
  ["inline style", '<p style="background:url(https://evil.example/t)">x</p>'],
  ["remote image", "![x](https://evil.example/t.png)"],
  ["remote image with title", '![x](https://evil.example/t.png "t")'],
  ["reference-style image", "![x][pic]\n\n[pic]: https://evil.example/t.png"],
  ["image with javascript:", "![x](javascript:alert(1))"],
  ["data: image", "![x](data:image/png;base64,iVBORw0KGgo=)"],
  ["image inside a javascript: link", "[![x](https://evil.example/t.png)](javascript:alert(1))"],
  ["autolink javascript:", "<javascript:alert(1)>"],
  ["autolink JaVaScRiPt:", "<JaVaScRiPt:alert(1)>"],
  ["autolink data:", "<data:text/html,alert(1)>"],
  ["html comment", "<!-- <script>alert(1)</script> -->"],
  ["details ontoggle", "<details open ontoggle=alert(1)>x</details>"],
  ["reference link to javascript:", "[x][r]\n\n[r]: javascript:alert(1)"],
  ["shortcut reference to data:", "[x]\n\n[x]: data:text/html,<script>alert(1)</script>"],
  ["title attribute breakout", '[x](https://ok.example "\\" onmouseover=\\"alert(1)")'],
  ["raw html in link text", "[<img src=x onerror=alert(1)>](https://ok.example)"],
  ["code fence info string breakout", '```"><script>alert(1)</script>\nx\n```'],
  ["math xlink:href", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ["object", '<object data="https://evil.example/x.swf"></object>'],
  ["embed", '<embed src="https://evil.example/x.swf">'],
  ["form action", "<form action=javascript:alert(1)><button>x</button></form>"],
  ["input autofocus", "<input onfocus=alert(1) autofocus>"],
  ["video source onerror", "<video><source onerror=alert(1)></video>"],
  ["base href", '<base href="https://evil.example/">'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["link stylesheet", "<link rel=stylesheet href=https://evil.example/x.css>"],
  ["html block after blank line", "para\n\n<div onmouseover=alert(1)>\n\nx\n\n</div>"],
];

// The only tags and attributes a letter body may produce.
const ALLOWED_TAGS: Record<string, string[]> = {
  p: [],
  em: [],
  strong: [],
  s: [],
  br: [],
  hr: [],
  blockquote: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  ul: [],
  ol: ["start"],
  li: [],
  code: ["class"],
  pre: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ["style"],
  td: ["style"],
  a: ["href", "title", "rel"],
};

const decodeEntities = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(
      /&(colon|tab|newline|quot|lt|gt|amp);/gi,
      (_, name: string) => ({ colon: ":", tab: "\t", newline: "\n", quot: '"', lt: "<", gt: ">", amp: "&" })[name.toLowerCase()]!,
    );

/** The real tags in the output: every "<" in text is escaped, so each "<" opens one. */
function tagsIn(html: string) {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g)].map(([, name, rest]) => ({
    name: name!.toLowerCase(),
    attrs: [...rest!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(([, attr, value]) => ({
      name: attr!.toLowerCase(),
      value: decodeEntities(value ?? ""),
    })),
  }));
}

function expectSafe(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<iframe/i);
  expect(html).not.toMatch(/<svg/i);
  expect(html).not.toMatch(/<style/i);
  // No "<" other than those opening a real tag (all text "<" are &lt;).
  expect(html.split("<").length - 1).toBe(tagsIn(html).length);
  for (const tag of tagsIn(html)) {
    expect(Object.keys(ALLOWED_TAGS), `tag <${tag.name}>`).toContain(tag.name);
    for (const attr of tag.attrs) {
      expect(attr.name, `attribute on <${tag.name}>`).not.toMatch(/^on\w+/i);
      expect(ALLOWED_TAGS[tag.name], `attribute ${attr.name} on <${tag.name}>`).toContain(attr.name);
      // As browsers do, ignore whitespace and control characters inside a scheme.
      const squeezed = [...attr.value].filter((c) => c.charCodeAt(0) > 0x20).join("");
      expect(squeezed).not.toMatch(/(javascript|vbscript|data|file):/i);
      if (attr.name === "href") expect(attr.value).toMatch(/^(https?:\/\/|mailto:)/i);
      if (attr.name === "style") expect(attr.value).toMatch(/^text-align:(left|right|center)$/);
    }
  }
  // Belt and braces over the raw string, whatever the tag parsing above missed. Quoted
  // attribute values go first: an escaped title may well read "onmouseover=".
  expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+\s*=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
  expect(html).not.toContain("evil.example/t.png");
}

describe("renderLetterMarkdown: hostile input", () => {
  test("the corpus is large enough to mean something", () => {
    expect(XSS.length).toBeGreaterThanOrEqual(25);
  });

  test.each(XSS)("%s", (_name, markdown) => {
    expectSafe(renderLetterMarkdown(markdown));
    // The same vector inside ordinary prose, a list and a quote.
    expectSafe(renderLetterMarkdown(`Dear Satya,\n\n- item ${markdown}\n\n> ${markdown}\n\nThanks.`));
  });

  test("a refused link stays visible as the text that was written", () => {
    expect(renderLetterMarkdown("[click](javascript:alert(1))")).toBe("<p>[click](javascript:alert(1))</p>\n");
  });

  test("raw HTML is shown escaped, not interpreted", () => {
    expect(renderLetterMarkdown("<b>hi</b> <script>x</script>")).toBe("<p>&lt;b&gt;hi&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;</p>\n");
  });

  test("an image becomes its alt text, and nothing is fetched", () => {
    expect(renderLetterMarkdown('![A *protest* <sign>](https://evil.example/t.png "t")')).toBe("<p>A protest &lt;sign&gt;</p>\n");
  });

  test("an image inside a link keeps the link and loses the image", () => {
    expect(renderLetterMarkdown("[![logo](https://evil.example/t.png)](https://ok.example)")).toBe(
      `<p><a href="https://ok.example" ${REL}>logo</a></p>\n`,
    );
  });
});

describe("renderLetterMarkdown: ordinary letters", () => {
  test("paragraphs, emphasis and typographic quotes", () => {
    expect(renderLetterMarkdown('We, the undersigned, ask *you* to act **now**.\n\n"Together" -- today.')).toBe(
      "<p>We, the undersigned, ask <em>you</em> to act <strong>now</strong>.</p>\n<p>“Together” – today.</p>\n",
    );
  });

  test("lists and blockquotes", () => {
    expect(renderLetterMarkdown("- one\n- two\n\n1. first\n2. second\n\n> quoted")).toBe(
      "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n",
    );
  });

  test("https, http and mailto links carry rel attributes", () => {
    expect(renderLetterMarkdown("[the contract](https://example.org/ice?x=1&y=2)")).toBe(
      `<p><a href="https://example.org/ice?x=1&amp;y=2" ${REL}>the contract</a></p>\n`,
    );
    expect(renderLetterMarkdown('[old](http://example.org "Title")')).toBe(
      `<p><a href="http://example.org" title="Title" ${REL}>old</a></p>\n`,
    );
    expect(renderLetterMarkdown("Write to <organizers@example.org> or [us](mailto:us@example.org).")).toBe(
      `<p>Write to <a href="mailto:organizers@example.org" ${REL}>organizers@example.org</a> or ` +
        `<a href="mailto:us@example.org" ${REL}>us</a>.</p>\n`,
    );
  });

  test("reference-style https links work", () => {
    expect(renderLetterMarkdown("See [the report][r].\n\n[r]: https://example.org/report")).toBe(
      `<p>See <a href="https://example.org/report" ${REL}>the report</a>.</p>\n`,
    );
  });

  test("bare URLs are not turned into links (linkify off)", () => {
    expect(renderLetterMarkdown("https://example.org")).toBe("<p>https://example.org</p>\n");
  });

  test("headings move down one level, never above h2 nor below h6", () => {
    const html = renderLetterMarkdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nSetext\n======");
    expect(html).not.toMatch(/<h1/);
    expect(html).toBe("<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n<h5>Four</h5>\n<h6>Five</h6>\n<h6>Six</h6>\n<h2>Setext</h2>\n");
  });

  test("code is escaped", () => {
    expect(renderLetterMarkdown("`<b>`")).toBe("<p><code>&lt;b&gt;</code></p>\n");
  });
});
