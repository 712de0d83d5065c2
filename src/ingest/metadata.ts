/**
 * A document's metadata, resolved once: what the file says about itself (front matter, `<title>`),
 * overridden by its sidecar `<file>.meta.json` (a maintainer's word beats the file's), completed
 * by defaults drawn from the file name so every passage can be cited with a title and a kind.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { type DocumentMeta, ReadError } from './types.ts';

export const SIDECAR_SUFFIX = '.meta.json';

/** `2017`, `2017-03` or `2017-03-21`: as precise as the source is, no more. */
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * Strict, so a misspelt key (`tilte`) is reported instead of silently ignored. A year may be
 * written as a JSON number (`"date": 2017`), which is read as the string it means.
 */
const sidecarSchema = z.strictObject({
  title: z.string().trim().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  publisher: z.string().trim().min(1).optional(),
  date: z
    .union([z.string(), z.int().min(1000).max(9999).transform(String)])
    .pipe(z.string().regex(PARTIAL_DATE, 'date attendue au format AAAA, AAAA-MM ou AAAA-MM-JJ'))
    .optional(),
  kind: z.string().trim().min(1).optional(),
  excerpt: z.boolean().optional(),
  note: z.string().trim().min(1).optional(),
});

const KIND_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'pdf',
  '.html': 'web',
  '.htm': 'web',
};
const DEFAULT_KIND = 'text';

export function resolveMeta(
  fileName: string,
  fromFile: Partial<DocumentMeta>,
  sidecar: unknown | undefined,
): { meta: DocumentMeta } | { error: string } {
  let fromSidecar: Partial<DocumentMeta> = {};
  if (sidecar !== undefined) {
    const parsed = sidecarSchema.safeParse(sidecar);
    if (!parsed.success) {
      return { error: `${basename(fileName)}${SIDECAR_SUFFIX} invalide :\n${z.prettifyError(parsed.error)}` };
    }
    fromSidecar = withoutUndefined(parsed.data);
  }
  const merged = { ...withoutUndefined(fromFile), ...fromSidecar };
  const extension = extname(fileName).toLowerCase();
  return {
    meta: {
      ...merged,
      title: merged.title?.trim() || titleFromFileName(fileName),
      kind: merged.kind?.trim() || (KIND_BY_EXTENSION[extension] ?? DEFAULT_KIND),
      excerpt: merged.excerpt ?? false,
    },
  };
}

/**
 * Reads a sidecar file (`<document>.meta.json`, the path itself): its parsed JSON, or undefined
 * when there is none. Invalid JSON is the maintainer's mistake about one file, so it is a
 * `ReadError` the ingestion reports for that file rather than a crash of the run.
 */
export async function readSidecar(path: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ReadError('unreadable', `${basename(path)} illisible : ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReadError(
      'corrupt',
      `${basename(path)} n'est pas du JSON valide : ${(error as Error).message}`,
    );
  }
}

/** `guide-reparations_qui-repare.pdf` → `Guide reparations qui repare`: better than no title at all. */
export function titleFromFileName(fileName: string): string {
  const stem = basename(fileName, extname(fileName));
  const words = stem.replace(/[-_.\s]+/g, ' ').trim();
  if (words === '') return basename(fileName);
  return words[0]!.toLocaleUpperCase('fr') + words.slice(1);
}

/** Keys set to undefined must not erase a value from the layer below when spread. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
