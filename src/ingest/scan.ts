/**
 * Which files of the corpus folder are documents: PDFs, Markdown, HTML and plain text, with their
 * optional metadata sidecar (`<file>.meta.json`). Provenance notes (`SOURCES.md`, `README.md`) and
 * hidden files are not documents.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { foldText } from '../text/french.ts';
import { SIDECAR_SUFFIX } from './metadata.ts';

export const DOCUMENT_EXTENSIONS = new Set(['.pdf', '.md', '.markdown', '.html', '.htm', '.txt']);
const NOT_DOCUMENTS = new Set(['sources.md', 'readme.md']);

export interface CorpusFile {
  /** Path under the corpus folder, with `/` separators: the document's stable name. */
  source: string;
  path: string;
  sidecarPath?: string;
  size: number;
}

/** A file as the corpus was listed: with what `stat` said of it then (./stat-cache.ts stamps it). */
export interface ListedFile extends CorpusFile {
  stats: BigIntStats;
}

export async function listCorpus(corpusDir: string): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    // The folder's entries at once: a large corpus's files waited on the disk one after the other.
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') return;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return walk(path);
        if (!entry.isFile() && !entry.isSymbolicLink()) return;
        const ext = extname(entry.name).toLowerCase();
        if (!DOCUMENT_EXTENSIONS.has(ext) || NOT_DOCUMENTS.has(entry.name.toLowerCase())) return;
        const stats = await stat(path, { bigint: true });
        if (!stats.isFile()) return;
        const sidecar = `${entry.name}${SIDECAR_SUFFIX}`;
        files.push({
          source: relative(corpusDir, path).split(sep).join('/'),
          path,
          sidecarPath: names.has(sidecar) ? join(dir, sidecar) : undefined,
          size: Number(stats.size),
          stats,
        });
      }),
    );
  }
  await walk(corpusDir);
  return files.sort((a, b) => a.source.localeCompare(b.source));
}

/** Content checksum of a file and its sidecar: a metadata change re-ingests the document too. */
export async function checksumFile(file: CorpusFile): Promise<{ checksum: string; data: Buffer }> {
  const data = await readFile(file.path);
  const hash = createHash('sha256').update(data);
  if (file.sidecarPath) hash.update('\0sidecar\0').update(await readFile(file.sidecarPath));
  return { checksum: hash.digest('hex'), data };
}

/** URL-safe, stable document id from its path under the corpus. */
export function documentId(source: string): string {
  const slug = foldText(source)
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'document';
}

export function mimeType(source: string): string {
  switch (extname(source).toLowerCase()) {
    case '.pdf':
      return 'application/pdf';
    case '.html':
    case '.htm':
      return 'text/html; charset=utf-8';
    case '.md':
    case '.markdown':
      return 'text/markdown; charset=utf-8';
    default:
      return 'text/plain; charset=utf-8';
  }
}
