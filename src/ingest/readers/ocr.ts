/**
 * French OCR with tesseract.js, fully offline: the language data comes from the installed
 * `@tesseract.js-data/fra` package (gzipped, as shipped) and nothing is cached or fetched. The worker
 * is heavy to start (about a second), so an engine creates it on first use, reuses it for every page,
 * and must be terminated so the process can exit.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';

/** One paragraph as tesseract found it, line by line. */
export interface OcrParagraph {
  lines: string[];
}

export interface OcrEngine {
  /** Recognises an image (PNG or JPEG bytes) as French text. */
  recognize(image: Uint8Array): Promise<OcrParagraph[]>;
  /** Stops the worker, if one was started. */
  terminate(): Promise<void>;
}

export interface OcrOptions {
  /** Words tesseract is less sure of than this (0-100) are dropped. */
  minWordConfidence?: number;
}

/** Below this, words are mostly stamps, signatures and specks read as letters. */
const DEFAULT_MIN_WORD_CONFIDENCE = 30;
/** The data package's folder for tesseract 4+ models (`fra.traineddata.gz`). */
const FRA_DATA_VERSION = '4.0.0';
/** Tesseract's LSTM engine: the better of the two for print. */
const OEM_LSTM_ONLY = 1;

function frenchDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@tesseract.js-data/fra/package.json');
  return join(dirname(pkg), FRA_DATA_VERSION);
}

async function startWorker(): Promise<Tesseract.Worker> {
  const { createWorker } = await import('tesseract.js');
  return createWorker('fra', OEM_LSTM_ONLY, {
    langPath: frenchDataDir(),
    gzip: true,
    cacheMethod: 'none',
  });
}

/** Paragraphs of confident words, in tesseract's reading order. */
function paragraphsOf(page: Tesseract.Page, minConfidence: number): OcrParagraph[] {
  const out: OcrParagraph[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      const lines = paragraph.lines
        .map((line) =>
          line.words
            .filter((w) => w.confidence >= minConfidence)
            .map((w) => w.text)
            .join(' ')
            .trim(),
        )
        .filter((line) => /[\p{L}\p{N}]/u.test(line));
      if (lines.length > 0) out.push({ lines });
    }
  }
  return out;
}

/** An engine whose worker starts on the first `recognize`. */
export function createOcrEngine(options: OcrOptions = {}): OcrEngine {
  const minConfidence = options.minWordConfidence ?? DEFAULT_MIN_WORD_CONFIDENCE;
  let worker: Promise<Tesseract.Worker> | undefined;
  return {
    async recognize(image) {
      worker ??= startWorker();
      const result = await (await worker).recognize(Buffer.from(image), {}, { blocks: true, text: false });
      return paragraphsOf(result.data, minConfidence);
    },
    async terminate() {
      const started = worker;
      worker = undefined;
      if (started) await (await started).terminate();
    },
  };
}
