/**
 * Removes page furniture: running headers and footers (the same line in the top or bottom margin of
 * many pages, page numbers aside) and page numbers (`12`, `- 12 -`, `12 / 47`, `Page 12 sur 47`).
 * Left in, they would cut paragraphs in two at every page break and fill the index with noise.
 */
import { PDF_PAGES } from './config.ts';
import type { PdfLine } from './reading-order.ts';

export interface PageLines {
  lines: PdfLine[];
  height: number;
}

const PAGE_NUMBER = /^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:\/|sur|of)\s*\d{1,4})?$/iu;

/** Digits vary from page to page (`3 / 47`); the rest of a running header does not. */
const normalise = (text: string) => text.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim();

function inMargin(line: PdfLine, height: number): boolean {
  return line.y < height * PDF_PAGES.marginZone || line.y > height * (1 - PDF_PAGES.marginZone);
}

/** Pages' lines without their headers, footers and page numbers. */
export function removeFurniture(pages: readonly PageLines[]): PdfLine[][] {
  const seen = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((l) => inMargin(l, page.height)).map((l) => normalise(l.text)));
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const minRepeats = Math.max(2, Math.ceil(pages.length * PDF_PAGES.repeatShare));
  return pages.map((page) =>
    page.lines.filter((line) => {
      if (!inMargin(line, page.height)) return true;
      const text = line.text.trim();
      if (PAGE_NUMBER.test(text)) return false;
      return (seen.get(normalise(text)) ?? 0) < minRepeats;
    }),
  );
}
