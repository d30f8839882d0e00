// The letter as a PDF: what a journalist prints, files or forwards. A4, set in the
// standard PDF fonts (see pdf-fonts.server.ts for names outside Latin-1): the title,
// the addressee, the body with its Markdown structure, then the record (the text's
// fingerprint, the publication day, the verification statement) and every
// signatory. Running header from page 2, "Page N of M" on every page.
//
// Pure: the same snapshot and URL give the same bytes (the document's dates are the
// publication DAY, as everywhere public: never the second the organizer published).
// Generation yields to the event loop between batches of names, so a 10,000-name
// letter does not stall other requests while it is set.
import PDFDocument from "pdfkit";
import { formatDay, startOfDayUtc } from "~/lib/dates";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { markdownBlocks, type Block, type Run } from "./markdown-blocks.server";
import { ASCENT, cleanText, needsFallback, registerFallbackFonts, segmentsFor, type Doc, type StandardFont } from "./pdf-fonts.server";

const MARGIN = 72;
const INDENT = 18;
const BODY_SIZE = 11.5;
const INK = "#111111";
const MUTED = "#555555";
const NAMES_PER_YIELD = 250;

type Piece = { font: string; text: string; base?: StandardFont; scale?: number; color?: string; link?: string; underline?: boolean; strike?: boolean };
type WriteOptions = {
  x: number;
  width: number;
  size: number;
  /** The paragraph's main standard font: every piece sits on its baseline. */
  base?: StandardFont;
  lineGap?: number;
  paragraphGap?: number;
  color?: string;
  align?: "left" | "center" | "right";
};

class Writer {
  /** Some character had no glyph in any font here and was drawn as U+FFFD. */
  replaced = false;

  constructor(readonly doc: Doc) {}

  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Styled text as pieces, each in a font that can draw it. */
  pieces(
    text: string,
    font: StandardFont,
    extra: Omit<Piece, "font" | "text"> = {},
    { whole = false, fallback = false, keepLineBreaks = false } = {},
  ): Piece[] {
    const clean = cleanText(text, { keepLineBreaks });
    if (!clean) return [];
    return segmentsFor(this.doc, clean, font, { whole, fallback }).map((segment) => {
      if (segment.replaced) this.replaced = true;
      return { ...extra, font: segment.font, text: segment.text, base: font, scale: segment.scale };
    });
  }

  /** Starts a new page unless `height` more points fit on this one (or this one is still empty). */
  keep(height: number) {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top + 1) this.doc.addPage();
  }

  /** One paragraph of pieces at (x, current y), wrapping within width. */
  write(pieces: Piece[], { x, width, size, base, lineGap = 2, paragraphGap = 0, color = INK, align = "left" }: WriteOptions) {
    const doc = this.doc;
    if (pieces.length === 0) return;
    const ascent = (ASCENT[base ?? pieces[0]!.base ?? "Times-Roman"] / 1000) * size;
    pieces.forEach((piece, index) => {
      doc.font(piece.font).fontSize(size * (piece.scale ?? 1)).fillColor(piece.color ?? color);
      const options: PDFKit.Mixins.TextOptions = {
        baseline: -ascent,
        width,
        lineGap,
        align,
        continued: index < pieces.length - 1,
        link: piece.link ?? null,
        underline: piece.underline ?? false,
        strike: piece.strike ?? false,
      };
      if (index === 0) doc.text(piece.text, x, doc.y, options);
      else doc.text(piece.text, options);
    });
    // Spacing after the paragraph, added here: pdfkit's own paragraphGap would also
    // fall between the lines of a code block or after each hard line break.
    doc.y += paragraphGap;
    doc.x = this.left;
    doc.fillColor(INK);
  }

  /** Rough height of pieces set as one paragraph (for keeping things together). */
  heightOf(pieces: Piece[], { width, size, lineGap = 2 }: Pick<WriteOptions, "width" | "size" | "lineGap">) {
    const text = pieces.map((piece) => piece.text).join("");
    const font = pieces[0]?.font ?? "Times-Roman";
    return this.doc.font(font).fontSize(size).heightOfString(text || " ", { width, lineGap });
  }

  lineHeight(font: StandardFont, size: number, lineGap = 2) {
    return this.doc.font(font).fontSize(size).currentLineHeight(true) + lineGap;
  }

  rule(color = "#bbbbbb") {
    const y = this.doc.y;
    this.doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.5).strokeColor(color).stroke().restore();
  }
}

function bodyFont(run: Run, heading: boolean): StandardFont {
  if (run.code) return "Courier";
  if (heading) return "Helvetica-Bold";
  if (run.bold && run.italic) return "Times-BoldItalic";
  if (run.bold) return "Times-Bold";
  if (run.italic) return "Times-Italic";
  return "Times-Roman";
}

function runPieces(w: Writer, runs: Run[], heading = false): Piece[] {
  return runs.flatMap((run) =>
    w.pieces(
      run.text,
      bodyFont(run, heading),
      { ...(run.link ? { link: run.link, underline: true } : {}), ...(run.strike ? { strike: true } : {}) },
      { keepLineBreaks: true },
    ),
  );
}

function writeBlock(w: Writer, block: Block) {
  const doc = w.doc;
  switch (block.kind) {
    case "heading": {
      const size = block.level <= 1 ? 15 : block.level === 2 ? 13 : BODY_SIZE;
      const pieces = runPieces(w, block.runs, true);
      doc.moveDown(0.4);
      // A heading never ends a page: keep it with two lines of what follows.
      w.keep(w.heightOf(pieces, { width: w.width, size }) + 2 * w.lineHeight("Times-Roman", BODY_SIZE));
      w.write(pieces, { x: w.left, width: w.width, size, paragraphGap: 6 });
      return;
    }
    case "paragraph": {
      const x = w.left + block.depth * INDENT;
      const width = w.width - block.depth * INDENT;
      const pieces = runPieces(w, block.runs);
      const gap = block.tight ? 3 : 8;
      w.keep(w.lineHeight("Times-Roman", BODY_SIZE, 2.5));
      const top = doc.y;
      const page = doc.bufferedPageRange().count;
      if (block.marker) {
        doc.font("Times-Roman").fontSize(BODY_SIZE).fillColor(INK);
        doc.text(block.marker, x - INDENT, top, { width: INDENT - 4, align: "right", lineBreak: false });
        doc.y = top;
      }
      w.write(pieces, { x, width, size: BODY_SIZE, lineGap: 2.5, paragraphGap: gap, color: block.quote ? "#333333" : INK });
      // A quote's bar, when the paragraph stayed on one page.
      if (block.quote && doc.bufferedPageRange().count === page) {
        doc
          .save()
          .moveTo(x - 9, top + 1)
          .lineTo(x - 9, doc.y - gap - 1)
          .lineWidth(1.5)
          .strokeColor("#cccccc")
          .stroke()
          .restore();
      }
      return;
    }
    case "code": {
      const x = w.left + block.depth * INDENT + 8;
      const pieces = w.pieces(block.text, "Courier", {}, { keepLineBreaks: true });
      w.keep(w.lineHeight("Courier", 9.5));
      w.write(pieces, { x, width: w.width - block.depth * INDENT - 8, size: 9.5, lineGap: 1.5, paragraphGap: 8, color: "#222222" });
      return;
    }
    case "rule":
      doc.moveDown(0.3);
      w.rule();
      doc.moveDown(0.8);
      return;
  }
}

function signatoryPieces(w: Writer, { name, title, publicLine }: PublishedSnapshot["signatories"][number]): Piece[] {
  // An entry keeps one family throughout: "Łukasz Nowak, Designer" all in DejaVu
  // Serif rather than a DejaVu "Łukasz" beside a Times "Nowak".
  const fallback = needsFallback(cleanText(`${name}${title ?? ""}${publicLine ?? ""}`));
  const options = { whole: true, fallback };
  const pieces = w.pieces(name, "Times-Bold", {}, options);
  if (title) pieces.push(...w.pieces(", ", "Times-Roman", {}, options), ...w.pieces(title, "Times-Roman", { color: "#333333" }, options));
  if (publicLine) pieces.push(...w.pieces(" — ", "Times-Roman", {}, options), ...w.pieces(publicLine, "Times-Italic", { color: MUTED }, options));
  return pieces;
}

function yieldToEventLoop() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** The letter, its record and every signatory, as a PDF. */
export async function letterPdf(snapshot: PublishedSnapshot, url: string): Promise<Buffer> {
  const day = startOfDayUtc(snapshot.publishedAt ? new Date(snapshot.publishedAt) : new Date());
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    displayTitle: true,
    pdfVersion: "1.4",
    info: {
      Title: cleanText(snapshot.title),
      Subject: cleanText(`An open letter to ${snapshot.addressee} from employees of ${snapshot.organizationName}`),
      Author: cleanText(`The undersigned employees of ${snapshot.organizationName}`),
      Keywords: cleanText(`open letter, ${snapshot.organizationName}`),
      Creator: "Undersigned",
      Producer: "Undersigned (PDFKit)",
      CreationDate: day,
      ModDate: day,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  registerFallbackFonts(doc);
  const w = new Writer(doc);

  // The letter.
  w.write(w.pieces(`An open letter from employees of ${snapshot.organizationName}`, "Helvetica"), {
    x: w.left,
    width: w.width,
    size: 10,
    color: MUTED,
    paragraphGap: 10,
  });
  w.write(w.pieces(snapshot.title, "Helvetica-Bold"), { x: w.left, width: w.width, size: 22, lineGap: 1, paragraphGap: 10 });
  w.write([...w.pieces("To ", "Times-Italic"), ...w.pieces(snapshot.addressee, "Times-Italic")], {
    x: w.left,
    width: w.width,
    size: 13,
    paragraphGap: 18,
  });
  for (const block of markdownBlocks(snapshot.body)) writeBlock(w, block);

  // The record.
  const recordText = { x: w.left, width: w.width, size: 9.5, lineGap: 1.5, paragraphGap: 6, color: "#333333" };
  doc.moveDown(0.8);
  w.keep(8 * w.lineHeight("Helvetica", 9.5));
  w.rule();
  doc.moveDown(0.8);
  w.write(w.pieces("Text fingerprint (SHA-256 of the title, addressee and body exactly as signed):", "Helvetica"), { ...recordText, paragraphGap: 2 });
  w.write(w.pieces(snapshot.textHash, "Courier"), { ...recordText, size: 9 });
  const when = snapshot.publishedAt ? `Published on ${formatDay(snapshot.publishedAt)} at ` : "Preview, not yet published. The letter will be at ";
  w.write([...w.pieces(when, "Helvetica"), ...w.pieces(url, "Helvetica", { link: url, underline: true }, { whole: true }), { font: "Helvetica", text: "." }], recordText);
  w.write(w.pieces(`Opened for signatures on ${formatDay(snapshot.openedAt)}; names revealed on ${formatDay(snapshot.revealedAt)}, when the threshold was met.`, "Helvetica"), recordText);
  w.write(w.pieces(snapshot.verificationStatement, "Helvetica-Bold"), recordText);

  // The signatories.
  const names = snapshot.signatories.map((signatory) => signatoryPieces(w, signatory));
  doc.moveDown(1);
  w.keep(w.lineHeight("Helvetica-Bold", 16) + 4 * w.lineHeight("Times-Roman", 11));
  w.write(w.pieces("Signatories", "Helvetica-Bold"), { x: w.left, width: w.width, size: 16, paragraphGap: 4 });
  const count = snapshot.count === 1 ? "1 signatory" : `${snapshot.count.toLocaleString("en")} signatories`;
  const notes = [`${count}, listed by name.`];
  if (w.replaced) {
    notes.push("Characters this document cannot display are shown as \uFFFD; signatories.csv and signatories.json give every name exactly.");
  }
  w.write(w.pieces(notes.join(" "), "Helvetica"), { ...recordText, paragraphGap: 10 });

  const entry = { x: w.left, width: w.width, size: 11, lineGap: 1, paragraphGap: 4 };
  // No entry can run past this many lines (name, title and public line at their
  // longest); measuring an entry costs as much as setting it, so only entries
  // that could reach the page's end are measured.
  const roomForAnyEntry = 8 * w.lineHeight("Times-Roman", entry.size, entry.lineGap);
  for (const [index, pieces] of names.entries()) {
    // A short entry is never split across pages; one longer than a page flows on.
    if (doc.y + roomForAnyEntry > w.bottom) w.keep(Math.min(w.heightOf(pieces, entry), w.bottom - doc.page.margins.top));
    w.write(pieces, entry);
    if ((index + 1) % NAMES_PER_YIELD === 0) await yieldToEventLoop();
  }

  // Running header and page numbers, now that the pages are counted.
  const range = doc.bufferedPageRange();
  const header = runningHeader(w, snapshot);
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (page > range.start) {
      doc.y = MARGIN / 2;
      w.write(header.left, { x: w.left, width: header.leftWidth, size: 8, color: MUTED });
      doc.y = MARGIN / 2;
      w.write(header.right, { x: w.left + w.width - header.rightWidth, width: header.rightWidth, size: 8, color: MUTED, align: "right" });
    }
    doc.y = doc.page.height - MARGIN / 2 - 8;
    w.write(w.pieces(`Page ${page - range.start + 1} of ${range.count}`, "Helvetica"), { x: w.left, width: w.width, size: 8, color: MUTED, align: "center" });
    doc.page.margins = margins;
  }

  doc.end();
  return finished;
}

/** The title (shortened to fit one line) on the left; the publication day on the right. */
function runningHeader(w: Writer, snapshot: PublishedSnapshot) {
  const doc = w.doc;
  const measure = (pieces: Piece[]) => pieces.reduce((sum, piece) => sum + doc.font(piece.font).fontSize(8).widthOfString(piece.text), 0);
  const right = w.pieces(snapshot.publishedAt ? `Published ${formatDay(snapshot.publishedAt)}` : "Preview, not yet published", "Helvetica");
  const rightWidth = Math.ceil(measure(right)) + 2;
  const leftWidth = w.width - rightWidth - 18;
  const title = cleanText(snapshot.title);
  let left = w.pieces(title, "Helvetica", {}, { whole: true });
  if (measure(left) > leftWidth) {
    const characters = Array.from(title);
    let keep = characters.length;
    while (keep > 1 && measure(left) > leftWidth) {
      keep -= 1;
      left = w.pieces(`${characters.slice(0, keep).join("").trimEnd()}…`, "Helvetica", {}, { whole: true });
    }
  }
  return { left, leftWidth: leftWidth + 1, right, rightWidth };
}
