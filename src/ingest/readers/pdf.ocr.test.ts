/** Runs tesseract on one scanned page (about 10 s): named `.ocr.test.ts` to be run on its own. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPdf } from './pdf.ts';

const SCAN = new URL(
  '../../../tests/fixtures/pdf/x1_SCAN_Pierrefonds_liste-deliberations_2026-01-27.pdf',
  import.meta.url,
);

describe('readPdf with OCR', () => {
  it('recognises a scanned page in French and marks it', async () => {
    const result = await readPdf(new Uint8Array(readFileSync(SCAN)), { ocr: true });
    expect(result.pages).toEqual(['ocr']);
    expect(result.blocks.length).toBeGreaterThan(0);
    expect(result.blocks.every((b) => b.ocr === true && b.page === 1)).toBe(true);
    const text = result.blocks.map((b) => b.text).join(' ');
    expect(text).toMatch(/Pierrefonds/i);
    expect(text).toMatch(/délibération/i);
    expect(result.warnings).toEqual([]);
  });
});
