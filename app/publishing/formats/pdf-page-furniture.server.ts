// What every page of the letter's PDF carries once the pages are counted: from
// page 2 a running header (the title, the publication day), and "Page N of M".
import { formatDay } from "~/lib/dates";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { cleanText } from "./pdf-fonts.server";
import { MUTED, type Piece, type Writer } from "./pdf-writer.server";

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

/** Running header and page numbers on every page set so far, in the margins (`margin` points each). */
export function writePageFurniture(w: Writer, snapshot: PublishedSnapshot, margin: number) {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  const header = runningHeader(w, snapshot);
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (page > range.start) {
      doc.y = margin / 2;
      w.write(header.left, { x: w.left, width: header.leftWidth, size: 8, color: MUTED });
      doc.y = margin / 2;
      w.write(header.right, { x: w.left + w.width - header.rightWidth, width: header.rightWidth, size: 8, color: MUTED, align: "right" });
    }
    doc.y = doc.page.height - margin / 2 - 8;
    w.write(w.pieces(`Page ${page - range.start + 1} of ${range.count}`, "Helvetica"), {
      x: w.left,
      width: w.width,
      size: 8,
      color: MUTED,
      align: "center",
    });
    doc.page.margins = margins;
  }
}
