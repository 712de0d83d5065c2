/** A scan indexed without OCR is read again once OCR is on (runs tesseract on one page: about 10 s). */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../tests/fixtures/ingest-runs.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { UNREAD_SCAN } from './readers/pdf.ts';

const SCAN = 'tests/fixtures/pdf/x1_SCAN_Pierrefonds_liste-deliberations_2026-01-27.pdf';

let embedder: Embedder;
let work: string;

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
  work = await mkdtemp(join(tmpdir(), 'citadoc-ocr-'));
  await mkdir(join(work, 'corpus'));
  await copyFile(SCAN, join(work, 'corpus', 'deliberations.pdf'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ingest with OCR turned on after a run without it', () => {
  it('reads the scanned file again instead of keeping it unread as unchanged', async () => {
    const corpus = join(work, 'corpus');
    const index = join(work, 'index');
    const without = await ingestFolder(corpus, index, embedder, { ocr: false });
    const [skipped] = without.files;
    expect(skipped?.chunks).toBe(0);
    expect(skipped?.warnings.some((w) => w.endsWith(UNREAD_SCAN))).toBe(true);

    const withOcr = await ingestFolder(corpus, index, embedder, { ocr: true });
    const [read] = withOcr.files;
    expect(read?.status).not.toBe('unchanged');
    expect(read?.chunks).toBeGreaterThan(0);

    const again = await ingestFolder(corpus, index, embedder, { ocr: true });
    expect(again.files[0]?.status).toBe('unchanged');
  });
});
