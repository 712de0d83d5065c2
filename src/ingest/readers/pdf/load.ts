/**
 * Opens a PDF with pdf.js (the copy pdf-parse 2 is built on) and turns its failures into `ReadError`s
 * with short French messages: an empty file, a file that is not a PDF or is cut short, a password.
 * pdf.js reads from memory and fails fast on broken files; a time limit still guards against a
 * pathological file holding up a whole ingestion run.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ReadError } from '../../types.ts';

/** Opening a healthy PDF of a few hundred pages takes well under a second. */
const OPEN_TIMEOUT_MS = 20_000;

/** pdf.js's own font data and character maps, read from disk: nothing is fetched at run time. */
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const STANDARD_FONTS = `${join(PDFJS_DIR, 'standard_fonts')}/`;
const CMAPS = `${join(PDFJS_DIR, 'cmaps')}/`;

/** A PDF says `%PDF-` near its start (the specification tolerates a little junk before it). */
const HEADER_WINDOW = 1024;

function hasPdfHeader(data: Uint8Array): boolean {
  return Buffer.from(data.subarray(0, HEADER_WINDOW)).includes('%PDF-');
}

/** What pdf.js's exceptions say, mapped to why the file cannot be read. */
function toReadError(error: unknown, data: Uint8Array): ReadError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ReadError('encrypted', 'PDF protégé par un mot de passe : impossible de le lire.');
  }
  if (!hasPdfHeader(data))
    return new ReadError('corrupt', 'Ce fichier n’est pas un PDF (en-tête %PDF absent).');
  if (name === 'InvalidPDFException' || name === 'FormatError') {
    return new ReadError('corrupt', 'PDF corrompu ou tronqué : sa structure est illisible.');
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ReadError('unreadable', `PDF illisible (${detail}).`);
}

/** Opens `data`; throws a `ReadError` when it is empty, not a PDF, corrupt or protected. */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  if (data.byteLength === 0) throw new ReadError('empty', 'Fichier vide : 0 octet.');
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy so the caller's stays usable.
  const task = getDocument({
    data: data.slice(),
    verbosity: 0,
    standardFontDataUrl: STANDARD_FONTS,
    cMapUrl: CMAPS,
    cMapPacked: true,
    isEvalSupported: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ReadError('unreadable', 'PDF trop long à ouvrir : abandon.')),
      OPEN_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([task.promise, timeout]);
  } catch (error) {
    await task.destroy();
    throw error instanceof ReadError ? error : toReadError(error, data);
  } finally {
    clearTimeout(timer);
  }
}
