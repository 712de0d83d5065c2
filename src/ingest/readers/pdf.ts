/**
 * The PDF reader: a PDF's bytes to blocks in reading order, each with its 1-based page. Text comes
 * from the text layer (pdf.js, as bundled with pdf-parse 2) laid out column by column, without
 * running headers, footers and page numbers; pages with no text layer are reported as scans, or
 * recognised with French OCR when `options.ocr` is set.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Block, PageStatus, ReadOptions, ReadResult } from '../types.ts';
import { createOcrEngine, type OcrEngine } from './ocr.ts';
import { type BlockState, buildBlocks } from './pdf/blocks.ts';
import { cleanText, joinLines, splitBullet } from './pdf/clean-text.ts';
import { PDF_OCR, UNREAD_SCAN } from './pdf/config.ts';

export { UNREAD_SCAN } from './pdf/config.ts';

import { removeFurniture } from './pdf/furniture.ts';
import { openPdf } from './pdf/load.ts';
import { dominantSize } from './pdf/page-rows.ts';
import { type PageText, readPageText } from './pdf/page-text.ts';
import { orderLines, type PdfLine } from './pdf/reading-order.ts';
import { renderPagePng } from './pdf/render.ts';

async function readPages(doc: PDFDocumentProxy, warnings: string[]): Promise<PageText[]> {
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    try {
      const page = await doc.getPage(n);
      pages.push(await readPageText(page));
      page.cleanup();
    } catch {
      warnings.push(`page ${n} : illisible, ignorée`);
      pages.push({ segments: [], height: 0, status: 'empty' });
    }
  }
  return pages;
}

/** The largest text on page 1 when it stands out from the body text: the document's own title. */
function titleFrom(lines: readonly PdfLine[], bodySize: number): string | undefined {
  const candidates = lines.filter((l) => /\p{L}{3}/u.test(l.text));
  const largest = Math.max(0, ...candidates.map((l) => l.size));
  if (largest <= bodySize) return undefined;
  const first = candidates.findIndex((l) => l.size === largest);
  let title = '';
  for (const line of candidates.slice(first)) {
    if (line.size !== largest) break;
    title = joinLines(title, cleanText(line.text));
  }
  return title || undefined;
}

/** Blocks from OCR paragraphs, under the heading path current at that page. */
function ocrBlocks(paragraphs: { lines: string[] }[], page: number, headingPath: string[]): Block[] {
  return paragraphs.flatMap(({ lines }) => {
    const { bullet, text: first } = splitBullet(lines[0] ?? '');
    const text = cleanText([first, ...lines.slice(1)].reduce((acc, line) => joinLines(acc, line.trim()), ''));
    if (!/[\p{L}\p{N}]/u.test(text)) return [];
    return [{ type: bullet ? 'list-item' : 'paragraph', text, headingPath, page, ocr: true } satisfies Block];
  });
}

async function recognisePage(
  doc: PDFDocumentProxy,
  n: number,
  ocr: OcrEngine,
): Promise<{ lines: string[] }[]> {
  const page = await doc.getPage(n);
  try {
    return await ocr.recognize(await renderPagePng(page, doc.canvasFactory, PDF_OCR.renderScale));
  } finally {
    page.cleanup();
  }
}

/**
 * Reads a PDF. Throws `ReadError` (`empty`, `corrupt`, `encrypted`, `unreadable`) when the file
 * cannot be opened; anything less (a scan page, an unreadable page) is a warning in the result.
 */

export async function readPdf(data: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const doc = await openPdf(data);
  const ocr = options.ocr ? createOcrEngine({ minWordConfidence: PDF_OCR.minWordConfidence }) : undefined;
  try {
    const warnings: string[] = [];
    const pages = await readPages(doc, warnings);
    const bodySize = dominantSize(pages.flatMap((p) => p.segments));
    const lines = removeFurniture(pages.map((p) => ({ lines: orderLines(p.segments), height: p.height })));
    const state: BlockState = { headings: [], bodySize };
    const blocks: Block[] = [];
    const statuses: PageStatus[] = [];
    for (const [index, page] of pages.entries()) {
      const n = index + 1;
      if (page.status === 'text') {
        blocks.push(...buildBlocks(lines[index] ?? [], n, state));
      } else if (page.status === 'scan' && ocr) {
        const found = ocrBlocks(
          await recognisePage(doc, n, ocr),
          n,
          state.headings.map((h) => h.text),
        );
        blocks.push(...found);
        if (found.length === 0) warnings.push(`page ${n} : OCR sans résultat`);
        statuses.push(found.length > 0 ? 'ocr' : 'scan');
        continue;
      } else if (page.status === 'scan') {
        warnings.push(`page ${n} : ${UNREAD_SCAN}`);
      }
      statuses.push(page.status);
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
    const metaTitle = (info as { Title?: unknown } | undefined)?.Title;
    const title =
      titleFrom(lines[0] ?? [], bodySize) ??
      blocks.find((b) => b.type === 'heading')?.text ??
      (typeof metaTitle === 'string' && metaTitle.trim() !== '' ? metaTitle.trim() : undefined);
    return { meta: title ? { title } : {}, blocks, pages: statuses, warnings };
  } finally {
    await ocr?.terminate();
    await doc.destroy();
  }
}
