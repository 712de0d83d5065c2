/**
 * Removes page furniture: running headers and footers (the same line in the top or bottom margin of
 * many pages, page numbers aside), running titles just below the margin (the same line at the very
 * same place on many pages) and page numbers (`12`, `- 12 -`, `12 / 47`, `Page 12 sur 47`). Left in,
 * they would cut paragraphs in two at every page break and fill the index with noise. A margin line
 * that ends a block of the body stays.
 */
import { PDF_BLOCKS, PDF_PAGES } from './config.ts';
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

/**
 * Which margin lines of a page in the bottom half are set one line step below a line of the body
 * (or below such a line), in the same column: the end of a block, not a footer. The last
 * « remplacement » of a list in a brochure's bottom corner is a word other pages' lists end on too.
 */
function bodyEnds(lines: readonly PdfLine[], height: number): boolean[] {
  const ends: boolean[] = [];
  lines.forEach((line, i) => {
    ends.push(false);
    if (!inMargin(line, height) || line.y < height / 2) return;
    let j = i - 1;
    while (j >= 0) {
      const l = lines[j]!;
      if (l.region === line.region && l.y < line.y && l.x1 > line.x0 && l.x0 < line.x1) break;
      j--;
    }
    const above = lines[j];
    ends[i] =
      above !== undefined &&
      (!inMargin(above, height) || ends[j] === true) &&
      line.y - above.y <= PDF_BLOCKS.paragraphGapRatio * Math.max(line.size, above.size);
  });
  return ends;
}

function inRunningZone(line: PdfLine, height: number): boolean {
  const zone = height * PDF_PAGES.runningTitleZone;
  return line.y < zone || line.y > height - zone;
}

/**
 * For each page, its running titles: lines a little below the margin (« Qui répare ? Qui
 * entretient ? » atop each spread of a brochure) that stand at the very same place on `minRepeats`
 * pages or more. Read as a heading, such a title took over the sections below it (« Locataire »,
 * « Propriétaire »).
 */
function runningTitles(pages: readonly PageLines[], minRepeats: number): Set<PdfLine>[] {
  const byText = new Map<string, { page: number; line: PdfLine }[]>();
  pages.forEach((page, p) => {
    for (const line of page.lines) {
      if (!inRunningZone(line, page.height)) continue;
      const key = normalise(line.text);
      const places = byText.get(key);
      if (places) places.push({ page: p, line });
      else byText.set(key, [{ page: p, line }]);
    }
  });
  const found = pages.map(() => new Set<PdfLine>());
  for (const places of byText.values()) {
    if (places.length < minRepeats) continue;
    for (const { page, line } of places) {
      const samePlace = new Set(
        places
          .filter(
            (o) =>
              Math.abs(o.line.y - line.y) <= PDF_PAGES.samePlacePoints &&
              Math.abs(o.line.x0 - line.x0) <= PDF_PAGES.samePlacePoints,
          )
          .map((o) => o.page),
      );
      if (samePlace.size >= minRepeats) found[page]!.add(line);
    }
  }
  return found;
}

/** Pages' lines without their headers, footers and page numbers. */
export function removeFurniture(pages: readonly PageLines[]): PdfLine[][] {
  const seen = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((l) => inMargin(l, page.height)).map((l) => normalise(l.text)));
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const minRepeats = Math.max(2, Math.ceil(pages.length * PDF_PAGES.repeatShare));
  const titles = runningTitles(pages, minRepeats);
  return pages.map((page, p) => {
    const ends = bodyEnds(page.lines, page.height);
    return page.lines.filter((line, i) => {
      if (titles[p]!.has(line)) return false;
      if (!inMargin(line, page.height)) return true;
      const text = line.text.trim();
      if (PAGE_NUMBER.test(text)) return false;
      if (ends[i]) return true;
      return (seen.get(normalise(text)) ?? 0) < minRepeats;
    });
  });
}
