// Setting text on a PDFKit page for the letter's PDF (pdf.server.ts): styled
// pieces, each in a font that can draw it (pdf-fonts.server.ts), sat on one
// baseline, wrapped into paragraphs, kept together across page ends.
import { ASCENT, cleanText, segmentsFor, type Doc, type StandardFont } from "./pdf-fonts.server";

export const INK = "#111111";
export const MUTED = "#555555";

export type Piece = {
  font: string;
  text: string;
  base?: StandardFont;
  scale?: number;
  color?: string;
  link?: string;
  underline?: boolean;
  strike?: boolean;
};
export type WriteOptions = {
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

export class Writer {
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
      doc
        .font(piece.font)
        .fontSize(size * (piece.scale ?? 1))
        .fillColor(piece.color ?? color);
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
    return this.doc
      .font(font)
      .fontSize(size)
      .heightOfString(text || " ", { width, lineGap });
  }

  lineHeight(font: StandardFont, size: number, lineGap = 2) {
    return this.doc.font(font).fontSize(size).currentLineHeight(true) + lineGap;
  }

  rule(color = "#bbbbbb") {
    const y = this.doc.y;
    this.doc
      .save()
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.5)
      .strokeColor(color)
      .stroke()
      .restore();
  }
}
