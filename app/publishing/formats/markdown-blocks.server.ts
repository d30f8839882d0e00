// The letter's Markdown as a flat list of blocks for a paged document (the PDF):
// paragraphs, headings, list items (with their marker and depth), quotes, code,
// table rows and rules, each made of styled runs. Parsed with markdown-it under the
// same rules as the web page (app/publishing/markdown.server.ts): no raw HTML (it stays
// text), images become their alt text, links only to http:, https: and mailto:.
import MarkdownIt, { type MarkdownIt as Markdown, type Token } from "markdown-it";

export type Run = { text: string; bold?: boolean; italic?: boolean; code?: boolean; strike?: boolean; link?: string };

export type Block =
  | { kind: "heading"; level: number; runs: Run[] }
  | {
      kind: "paragraph";
      runs: Run[];
      /** Nesting: list depth plus quote depth; the left indent is derived from it. */
      depth: number;
      /** "•" or "3." on the first paragraph of a list item. */
      marker?: string;
      quote: boolean;
      /** Inside a tight list: less space after. */
      tight: boolean;
    }
  | { kind: "code"; text: string; depth: number }
  | { kind: "rule" };

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

let parser: Markdown | undefined;

function markdown() {
  if (!parser) {
    parser = new MarkdownIt({ html: false, linkify: false, typographer: true });
    parser.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());
  }
  return parser;
}

function inlineRuns(children: Token[]): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  let strike = 0;
  const links: { href: string; start: number }[] = [];
  const push = (text: string, extra: Partial<Run> = {}) => {
    if (!text) return;
    const link = links.at(-1)?.href;
    runs.push({
      text,
      ...(bold ? { bold: true } : {}),
      ...(italic ? { italic: true } : {}),
      ...(strike ? { strike: true } : {}),
      ...(link ? { link } : {}),
      ...extra,
    });
  };
  for (const token of children) {
    switch (token.type) {
      case "strong_open":
        bold += 1;
        break;
      case "strong_close":
        bold = Math.max(0, bold - 1);
        break;
      case "em_open":
        italic += 1;
        break;
      case "em_close":
        italic = Math.max(0, italic - 1);
        break;
      case "s_open":
        strike += 1;
        break;
      case "s_close":
        strike = Math.max(0, strike - 1);
        break;
      case "link_open":
        links.push({ href: String(token.attrGet("href") ?? ""), start: runs.length });
        break;
      case "link_close": {
        const link = links.pop();
        if (!link) break;
        // On paper a link is only as good as its address: show it after the text
        // unless the text already is the address.
        const text = runs
          .slice(link.start)
          .map((run) => run.text)
          .join("");
        const shown = link.href.replace(/^mailto:/i, "");
        if (text.trim() !== shown && text.trim() !== link.href) push(` (${shown})`);
        break;
      }
      case "softbreak":
        push(" ");
        break;
      case "hardbreak":
        push("\n");
        break;
      case "code_inline":
        push(token.content, { code: true });
        break;
      case "image":
        // The alt text, as on the page.
        push(token.children ? token.children.map((child: Token) => child.content).join("") : token.content);
        break;
      default:
        // text, text_special (escapes, entities), html_inline (shown as text).
        push(token.content);
    }
  }
  return runs;
}

/** The blocks of a letter body, in reading order. */
export function markdownBlocks(source: string): Block[] {
  const tokens = markdown().parse(source, {});
  const blocks: Block[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quoteDepth = 0;
  let marker: string | undefined;
  let heading: number | null = null;
  let tableRow: Run[][] | null = null;
  let tableHeader = false;
  let cell: Run[] | null = null;

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    switch (token.type) {
      case "bullet_list_open":
        lists.push({ ordered: false, next: 0 });
        break;
      case "ordered_list_open":
        lists.push({ ordered: true, next: Number(token.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists.at(-1);
        if (list?.ordered) {
          marker = `${list.next}.`;
          list.next += 1;
        } else marker = lists.length > 1 ? "–" : "•";
        break;
      }
      case "blockquote_open":
        quoteDepth += 1;
        break;
      case "blockquote_close":
        quoteDepth = Math.max(0, quoteDepth - 1);
        break;
      case "heading_open":
        heading = Number(token.tag.slice(1));
        break;
      case "heading_close":
        heading = null;
        break;
      case "hr":
        blocks.push({ kind: "rule" });
        break;
      case "fence":
      case "code_block":
        blocks.push({ kind: "code", text: token.content.replace(/\n$/, ""), depth: lists.length + quoteDepth });
        break;
      case "thead_open":
        tableHeader = true;
        break;
      case "thead_close":
        tableHeader = false;
        break;
      case "tr_open":
        tableRow = [];
        break;
      case "th_open":
      case "td_open":
        cell = [];
        break;
      case "th_close":
      case "td_close":
        if (tableRow && cell) tableRow.push(cell);
        cell = null;
        break;
      case "tr_close":
        if (tableRow) {
          const runs: Run[] = [];
          tableRow.forEach((cellRuns, index) => {
            if (index > 0) runs.push({ text: "  |  " });
            runs.push(...cellRuns.map((run) => (tableHeader ? { ...run, bold: true } : run)));
          });
          blocks.push({ kind: "paragraph", runs, depth: lists.length + quoteDepth, quote: quoteDepth > 0, tight: true });
        }
        tableRow = null;
        break;
      case "inline": {
        const runs = inlineRuns(token.children ?? []);
        if (cell) {
          cell.push(...runs);
        } else if (heading !== null) {
          blocks.push({ kind: "heading", level: heading, runs });
        } else {
          blocks.push({
            kind: "paragraph",
            runs,
            depth: lists.length + quoteDepth,
            ...(marker ? { marker } : {}),
            quote: quoteDepth > 0,
            // markdown-it hides the paragraphs of tight lists.
            tight: lists.length > 0 && tokens[index - 1]?.hidden === true,
          });
          marker = undefined;
        }
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}
