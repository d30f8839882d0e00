// The signatories in the letter's PDF: a heading, how many, and every name with
// its title and public line, a short entry never split across pages. Set in
// batches, yielding to the event loop between them, so a 10,000-name letter does
// not stall other requests while it is set.
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { cleanText, needsFallback } from "./pdf-fonts.server";
import { MUTED, type Piece, type WriteOptions, type Writer } from "./pdf-writer.server";

const NAMES_PER_YIELD = 250;

function signatoryPieces(w: Writer, { name, title, publicLine, team }: PublishedSnapshot["signatories"][number]): Piece[] {
  // An entry keeps one family throughout: "Łukasz Nowak, Designer" all in DejaVu
  // Serif rather than a DejaVu "Łukasz" beside a Times "Nowak".
  const fallback = needsFallback(cleanText(`${name}${title ?? ""}${publicLine ?? ""}${team ?? ""}`));
  const options = { whole: true, fallback };
  const pieces = w.pieces(name, "Times-Bold", {}, options);
  if (title) pieces.push(...w.pieces(", ", "Times-Roman", {}, options), ...w.pieces(title, "Times-Roman", { color: "#333333" }, options));
  if (publicLine)
    pieces.push(...w.pieces(" — ", "Times-Roman", {}, options), ...w.pieces(publicLine, "Times-Italic", { color: MUTED }, options));
  if (team) pieces.push(...w.pieces(` (${team})`, "Times-Roman", { color: MUTED }, options));
  return pieces;
}

function yieldToEventLoop() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** The list of signatories, from the current position; `noteText` sets the line under its heading. */
export async function writeSignatories(w: Writer, snapshot: PublishedSnapshot, noteText: WriteOptions) {
  const doc = w.doc;
  // Every entry's pieces first: whether any character had to be replaced decides the note.
  const names = snapshot.signatories.map((signatory) => signatoryPieces(w, signatory));
  doc.moveDown(1);
  w.keep(w.lineHeight("Helvetica-Bold", 16) + 4 * w.lineHeight("Times-Roman", 11));
  w.write(w.pieces("Signatories", "Helvetica-Bold"), { x: w.left, width: w.width, size: 16, paragraphGap: 4 });
  const count = snapshot.count === 1 ? "1 signatory" : `${snapshot.count.toLocaleString("en")} signatories`;
  const notes = [`${count}, listed by name.`];
  if (w.replaced) {
    notes.push(
      "Characters this document cannot display are shown as \uFFFD; signatories.csv and signatories.json give every name exactly.",
    );
  }
  w.write(w.pieces(notes.join(" "), "Helvetica"), { ...noteText, paragraphGap: 10 });

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
}
