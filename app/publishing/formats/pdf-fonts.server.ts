// Fonts for the letter's PDF, and text that every font can actually draw.
//
// The letter is set in PDF's standard fonts (Times for the text, Helvetica for
// headings, Courier for code): every reader has them, so they are not embedded and
// the file stays small. They only cover WinAnsi (Latin-1 plus a few signs such as
// € – — “ ”), and pdfkit writes any other character as garbage without complaint.
// Names are the point of this document, so "Łukasz", "Ελένη" or "Дмитрий" must come
// out right: a word (in a name, the whole name) that has a character outside WinAnsi
// is set instead in the matching DejaVu face, embedded as a subset (only its glyphs),
// from the dejavu-fonts-ttf package (Bitstream Vera licence: free to embed and
// redistribute). Nothing is fetched from the network.
//
// DejaVu covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and more, but not
// Chinese, Japanese or Korean (a font that does is ~10-20 MB). A character that no
// font here has is drawn as U+FFFD "�", never as garbage or a crash, and the PDF
// says that signatories.csv and signatories.json carry every name exactly. pdfkit
// does no bidirectional layout, so right-to-left names come out in logical order.
import fs from "node:fs";
import { createRequire } from "node:module";
import type {} from "pdfkit";

export type Doc = PDFKit.PDFDocument;

/** The standard fonts the letter uses. */
export type StandardFont =
  "Times-Roman" | "Times-Bold" | "Times-Italic" | "Times-BoldItalic" | "Helvetica" | "Helvetica-Bold" | "Helvetica-Oblique" | "Courier";

const FALLBACK_FILES: Record<StandardFont, string> = {
  "Times-Roman": "DejaVuSerif.ttf",
  "Times-Bold": "DejaVuSerif-Bold.ttf",
  "Times-Italic": "DejaVuSerif-Italic.ttf",
  "Times-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
  Helvetica: "DejaVuSans.ttf",
  "Helvetica-Bold": "DejaVuSans-Bold.ttf",
  "Helvetica-Oblique": "DejaVuSans-Oblique.ttf",
  Courier: "DejaVuSansMono.ttf",
};

export const REPLACEMENT = "\uFFFD";

// WinAnsiEncoding: printable ASCII, Latin-1's upper half, and the 27 characters
// Windows-1252 puts in 0x80-0x9F (the same list as pdfkit's WIN_ANSI_MAP).
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

export function isWinAnsi(codePoint: number) {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRA.has(codePoint);
}

/** Text fit for layout: composed (NFC), no control characters but line breaks, tabs as spaces. */
export function cleanText(text: string, { keepLineBreaks = false } = {}) {
  const composed = text
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/\t/g, "    ");
  const breaks = keepLineBreaks ? composed : composed.replace(/\n+/g, " ");
  // Control characters (but \n), bidi overrides and isolates, zero-width marks that would show as boxes.
  return breaks.replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, (char) => (char === "\n" ? char : ""));
}

const require = createRequire(import.meta.url);
const fileCache = new Map<string, Buffer>();

function fontFile(name: string): Buffer {
  let data = fileCache.get(name);
  if (!data) {
    data = fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
    fileCache.set(name, data);
  }
  return data;
}

function fallbackName(font: StandardFont) {
  return `Fallback-${font}`;
}

type GlyphCoverage = { hasGlyphForCodePoint(codePoint: number): boolean };
const coverage = new Map<StandardFont, GlyphCoverage | null>();

/**
 * Whether the DejaVu face standing in for `font` has a glyph for `codePoint`.
 * Asks the fontkit font pdfkit opened (pdfkit keeps it as `_font.font`); should a
 * future pdfkit hide it, every character counts as covered, as before this check.
 */
function fallbackHas(doc: Doc, font: StandardFont, codePoint: number) {
  if (!coverage.has(font)) {
    const current = (doc as unknown as { _font?: { font?: Partial<GlyphCoverage> } })._font?.font;
    coverage.set(font, typeof current?.hasGlyphForCodePoint === "function" ? (current as GlyphCoverage) : null);
  }
  return coverage.get(font)?.hasGlyphForCodePoint(codePoint) ?? true;
}

/** Registers the fallback faces on a new document (read from disk once per process, embedded only if used). */
export function registerFallbackFonts(doc: Doc) {
  for (const [font, file] of Object.entries(FALLBACK_FILES) as [StandardFont, string][]) {
    doc.registerFont(fallbackName(font), fontFile(file));
  }
}

/** Ascender of each standard font (AFM, per 1000): pieces on one line share their paragraph's baseline. */
export const ASCENT: Record<StandardFont, number> = {
  "Times-Roman": 683,
  "Times-Bold": 676,
  "Times-Italic": 683,
  "Times-BoldItalic": 683,
  Helvetica: 718,
  "Helvetica-Bold": 718,
  "Helvetica-Oblique": 718,
  Courier: 629,
};

/** DejaVu's letters run larger than Times' and Helvetica's at one size; this evens their x-heights (Courier's advance is kept). */
const FALLBACK_SCALE: Record<StandardFont, number> = {
  "Times-Roman": 0.88,
  "Times-Bold": 0.88,
  "Times-Italic": 0.88,
  "Times-BoldItalic": 0.88,
  Helvetica: 0.95,
  "Helvetica-Bold": 0.95,
  "Helvetica-Oblique": 0.95,
  Courier: 1,
};

export type Segment = { font: string; text: string; replaced: boolean; scale: number };

export function needsFallback(text: string) {
  for (const char of text) if (!isWinAnsi(char.codePointAt(0)!) && char !== "\n") return true;
  return false;
}

/**
 * Splits `text` (already cleaned) into runs each drawn in one font: the standard
 * font where it can, its DejaVu stand-in for each word (or, with `whole`, the whole
 * text; with `fallback`, always) that it cannot. Leaves `doc` set to the last font
 * it looked at.
 */
export function segmentsFor(doc: Doc, text: string, font: StandardFont, { whole = false, fallback = false } = {}): Segment[] {
  const pieces = whole || fallback ? [text] : text.split(/(?<=\s)(?=\S)/);
  const segments: Segment[] = [];
  for (const piece of pieces) {
    let segment: Segment;
    if (!fallback && !needsFallback(piece)) {
      segment = { font, text: piece, replaced: false, scale: 1 };
    } else {
      const name = fallbackName(font);
      doc.font(name);
      let replaced = false;
      let drawn = "";
      for (const char of piece) {
        const codePoint = char.codePointAt(0)!;
        if (char === "\n" || fallbackHas(doc, font, codePoint)) drawn += char;
        else {
          drawn += REPLACEMENT;
          replaced = true;
        }
      }
      segment = { font: name, text: drawn, replaced, scale: FALLBACK_SCALE[font] };
    }
    const last = segments.at(-1);
    if (last && last.font === segment.font) {
      last.text += segment.text;
      last.replaced ||= segment.replaced;
    } else segments.push(segment);
  }
  return segments;
}
