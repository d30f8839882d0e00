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
//
// This module sets the document up and draws the letter's heading and the record;
// beside it, pdf-letter-body (the Markdown body), pdf-signatories (the names),
// pdf-page-furniture (running header, page numbers) and pdf-writer (setting text).
import PDFDocument from "pdfkit";
import { formatDay, startOfDayUtc } from "~/lib/dates";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { markdownBlocks } from "./markdown-blocks.server";
import { cleanText, registerFallbackFonts, type Doc } from "./pdf-fonts.server";
import { writeBlock } from "./pdf-letter-body.server";
import { writePageFurniture } from "./pdf-page-furniture.server";
import { writeSignatories } from "./pdf-signatories.server";
import { unnamedTeamsLine } from "~/lib/unnamed-teams";
import { MUTED, Writer } from "./pdf-writer.server";

const MARGIN = 72;

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
  w.write(w.pieces("Text fingerprint (SHA-256 of the title, addressee and body exactly as signed):", "Helvetica"), {
    ...recordText,
    paragraphGap: 2,
  });
  w.write(w.pieces(snapshot.textHash, "Courier"), { ...recordText, size: 9 });
  const when = snapshot.publishedAt
    ? `Published on ${formatDay(snapshot.publishedAt)} at `
    : "Preview, not yet published. The letter will be at ";
  w.write(
    [
      ...w.pieces(when, "Helvetica"),
      ...w.pieces(url, "Helvetica", { link: url, underline: true }, { whole: true }),
      { font: "Helvetica", text: "." },
    ],
    recordText,
  );
  w.write(
    w.pieces(
      `Opened for signatures on ${formatDay(snapshot.openedAt)}; names revealed on ${formatDay(snapshot.revealedAt)}, when the threshold was met.`,
      "Helvetica",
    ),
    recordText,
  );
  w.write(w.pieces(snapshot.verificationStatement, "Helvetica-Bold"), recordText);

  await writeSignatories(w, snapshot, recordText);
  // Decision 019: the verified signers left unnamed, and their teams' counts where shown.
  if (snapshot.unnamed) {
    w.write(w.pieces(snapshot.unnamed.statement, "Helvetica"), recordText);
    const teams = unnamedTeamsLine(snapshot.unnamed);
    if (teams) w.write(w.pieces(teams, "Helvetica"), recordText);
  }
  // Running header and page numbers, now that the pages are counted.
  writePageFurniture(w, snapshot, MARGIN);

  doc.end();
  return finished;
}
