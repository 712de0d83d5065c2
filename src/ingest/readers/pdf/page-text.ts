/**
 * Reads one page's text layer into segments, and tells a page with no text layer that shows an
 * image (a scan: OCR can read it) from a page that is simply blank.
 */
import { OPS, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDF_PAGES } from './config.ts';
import { type PdfTextItem, placeRuns, type Segment, segmentRows } from './page-rows.ts';

export interface PageText {
  segments: Segment[];
  height: number;
  /** `text` when the page has a text layer; otherwise `scan` (an image is drawn) or `empty`. */
  status: 'text' | 'scan' | 'empty';
}

const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintInlineImageXObjectGroup,
]);

async function drawsImage(page: PDFPageProxy): Promise<boolean> {
  const ops = await page.getOperatorList();
  return ops.fnArray.some((fn) => IMAGE_OPS.has(fn));
}

export async function readPageText(page: PDFPageProxy): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items = content.items.filter((item): item is PdfTextItem & typeof item => 'str' in item);
  const segments = segmentRows(placeRuns(items, viewport.transform));
  const chars = segments.reduce((n, s) => n + (s.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
  if (chars >= PDF_PAGES.minTextChars) return { segments, height: viewport.height, status: 'text' };
  return { segments, height: viewport.height, status: (await drawsImage(page)) ? 'scan' : 'empty' };
}
