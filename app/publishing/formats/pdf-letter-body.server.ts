// The letter's body in its PDF: each Markdown block (markdown-blocks.server.ts)
// as headings, paragraphs, list items, quotes, code and rules, in Times.
import type { Block, Run } from "./markdown-blocks.server";
import type { StandardFont } from "./pdf-fonts.server";
import { INK, type Piece, type Writer } from "./pdf-writer.server";

const INDENT = 18;
const BODY_SIZE = 11.5;

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

export function writeBlock(w: Writer, block: Block) {
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
