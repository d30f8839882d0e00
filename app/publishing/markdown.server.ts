// The letter body is Markdown written by an organizer and read by every signer, so
// it is untrusted input rendered into a page that handles sealed identities. The
// renderer therefore allows only what a letter needs: text, emphasis, lists, quotes,
// headings, code, tables and plain links.
//
// - No raw HTML (html: false): tags are shown escaped, as text.
// - No images: a remote image would tell its host who reads the letter (privacy
//   promise 7), so an image is rendered as its alt text.
// - Links only to http:, https: and mailto:. Anything else (javascript:, data:,
//   vbscript:, file:, protocol-relative //host, relative paths) fails validation and
//   markdown-it leaves the source text as it was written, as plain text.
// - Every link gets rel="nofollow noopener noreferrer": the target learns neither
//   the private letter's address (Referer) nor gets a handle on this window.
// - Headings move down one level: the page's title is its only <h1>.
import MarkdownIt from "markdown-it";

const REL = "nofollow noopener noreferrer";
const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });

  // markdown-it hands this the normalized (percent-encoded) URL, so control
  // characters and entity tricks such as "java&#x09;script:" arrive as "java%09script:"
  // and fail the allowlist.
  md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

  md.renderer.rules.image = (tokens, idx, options, env, self) =>
    md.utils.escapeHtml(self.renderInlineAsText(tokens[idx]?.children ?? [], options, env));

  // Never produced with html: false; escaped anyway should that option ever change.
  md.renderer.rules.html_block = (tokens, idx) => md.utils.escapeHtml(tokens[idx]?.content ?? "");
  md.renderer.rules.html_inline = (tokens, idx) => md.utils.escapeHtml(tokens[idx]?.content ?? "");

  md.core.ruler.push("undersigned_letter", (state) => {
    for (const token of state.tokens) {
      if (token.type === "heading_open" || token.type === "heading_close") {
        token.tag = `h${Math.min(Number(token.tag.slice(1)) + 1, 6)}`;
      }
      for (const child of token.children ?? []) {
        if (child.type === "link_open") child.attrSet("rel", REL);
      }
    }
  });

  return md;
}

let renderer: ReturnType<typeof createRenderer> | undefined;

/** Safe HTML for a letter's Markdown body. */
export function renderLetterMarkdown(markdown: string): string {
  renderer ??= createRenderer();
  return renderer.render(markdown);
}
