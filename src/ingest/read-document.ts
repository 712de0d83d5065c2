/**
 * One corpus file → its metadata and blocks, or the reason it could not be read. Failure is a result
 * here, not an exception: one broken file is reported and the rest of the corpus is ingested.
 */
import { extname } from 'node:path';
import { detectBinary } from './binary.ts';
import { readSidecar, resolveMeta } from './metadata.ts';
import { readMarkdown } from './readers/markdown.ts';
import { readText } from './readers/text.ts';
import type { CorpusFile } from './scan.ts';
import {
  type Block,
  type DocumentMeta,
  type PageStatus,
  ReadError,
  type ReadFailure,
  type ReadResult,
} from './types.ts';

export type DocumentRead =
  | { ok: true; meta: DocumentMeta; blocks: Block[]; pages?: PageStatus[]; warnings: string[] }
  | { ok: false; reason: ReadFailure | 'metadata'; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Web texts saved by hand are sometimes Latin-1: read them rather than fail, and say so. */
function decodeText(data: Uint8Array, warnings: string[]): string {
  try {
    return utf8.decode(data).replace(/^\uFEFF/, '');
  } catch {
    warnings.push("le fichier n'est pas en UTF-8 : lu comme Latin-1");
    return latin1.decode(data);
  }
}

async function readByExtension(file: CorpusFile, data: Uint8Array, ocr: boolean): Promise<ReadResult> {
  const ext = extname(file.source).toLowerCase();
  // pdf.js refuses Node Buffers (it would detach their shared pool): give it a plain copy.
  if (ext === '.pdf') {
    // pdf.js is heavy to load: a re-ingest with no changed PDF should not pay for it.
    const { readPdf } = await import('./readers/pdf.ts');
    return readPdf(new Uint8Array(data), { ocr });
  }
  if (data.length === 0) throw new ReadError('empty', 'le fichier est vide');
  const binary = detectBinary(data);
  if (binary) throw new ReadError('binary', binary);
  const warnings: string[] = [];
  const text = decodeText(data, warnings);
  const result =
    ext === '.md' || ext === '.markdown'
      ? readMarkdown(text)
      : ext === '.txt'
        ? readText(text)
        : // parse5 too is loaded only when a web page is read.
          (await import('./readers/html.ts')).readHtml(text);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

export async function readDocument(
  file: CorpusFile,
  data: Uint8Array,
  options: { ocr: boolean },
): Promise<DocumentRead> {
  let result: ReadResult;
  try {
    result = await readByExtension(file, data, options.ocr);
  } catch (error) {
    if (error instanceof ReadError) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'unreadable', message: `lecture impossible (${(error as Error).message})` };
  }
  const sidecar = file.sidecarPath ? await readSidecar(file.sidecarPath).catch((e: Error) => e) : undefined;
  if (sidecar instanceof Error) {
    return { ok: false, reason: 'metadata', message: `fiche de métadonnées illisible (${sidecar.message})` };
  }
  const resolved = resolveMeta(file.source, result.meta, sidecar);
  if ('error' in resolved) return { ok: false, reason: 'metadata', message: resolved.error };
  if (result.blocks.length === 0 && !result.pages?.some((p) => p === 'scan')) {
    return { ok: false, reason: 'empty', message: 'aucun texte trouvé dans le fichier' };
  }
  return {
    ok: true,
    meta: resolved.meta,
    blocks: result.blocks,
    pages: result.pages,
    warnings: result.warnings,
  };
}
