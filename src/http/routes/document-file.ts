/**
 * `GET /documents/:id`: the document a citation points to. A PDF is served as the original file (its
 * link's `#page=N` opens it there); a web text (Markdown, HTML, plain text) as a reading page with the
 * passage of `?passage=<start>-<end>` highlighted (../document-page/), never as its raw file, whose
 * front matter or markup a resident cannot read and whose scripts must not run here. Only ids the
 * assistant lists are served, from the path the assistant gives; nothing the client sends is ever
 * joined to a folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, requireAssistant } from '../assistant-ref.ts';
import {
  documentPageCsp,
  type PassageRange,
  readDocumentBlocks,
  renderDocumentPage,
} from '../document-page/index.ts';
import { ApiError } from '../errors.ts';

/** Sources change only on reindex; an hour of caching spares the disk, revalidation by ETag. */
const CACHE_CONTROL = 'public, max-age=3600';
/** Ids are slugs; anything else (dots only, slashes, encoded tricks) is not worth a lookup. */
const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,199}$/u;

/** Read as pages for residents; anything else (PDF) is served as the file. */
const WEB_TEXT = /^text\/(markdown|html|plain)\b/;
/** `?passage=1200-1890`: character offsets in the document text, as citation links write them. */
const passageSchema = z
  .string()
  .regex(/^\d{1,9}-\d{1,9}$/)
  .transform((value): PassageRange => {
    const [start, end] = value.split('-').map(Number) as [number, number];
    return { start, end };
  })
  .refine((range) => range.start < range.end);

const notFound = () => new ApiError(404, 'document_not_found', "Ce document n'existe pas.");

/** `filename*` (RFC 6266) carries accents; the plain `filename` is an ASCII fallback. */
function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Texts in the corpus are UTF-8; saying so keeps browsers from guessing Latin-1. */
function withCharset(mime: string): string {
  return mime.startsWith('text/') && !/;\s*charset=/i.test(mime) ? `${mime}; charset=utf-8` : mime;
}

export interface DocumentFileRoutesOptions {
  assistant: AssistantRef;
  /** Sites that may frame a document (ALLOWED_ORIGINS), as for the service's other pages. */
  frameAncestors?: string[];
}

export function documentFileRoutes(options: DocumentFileRoutesOptions): Hono<AppEnv> {
  const pageCsp = documentPageCsp(options.frameAncestors ?? []);

  const app = new Hono<AppEnv>();

  app.get('/documents/:id', async (c) => {
    const assistant = requireAssistant(options.assistant);
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id) || !assistant.documents().some((doc) => doc.id === id)) throw notFound();
    const file = assistant.documentFile(id);
    const info = file && (await stat(file.path).catch(() => undefined));
    if (!file || !info?.isFile()) throw notFound();

    const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    if (WEB_TEXT.test(file.mime)) {
      const doc = assistant.documents().find((candidate) => candidate.id === id)!;
      const asked = c.req.query('passage');
      const passage = asked === undefined ? undefined : passageSchema.safeParse(asked);
      // The page depends on the passage asked for as much as on the file.
      const pageEtag = `${etag.slice(0, -1)}-${passage?.success ? `${passage.data.start}-${passage.data.end}` : 'texte'}"`;
      const pageHeaders: Record<string, string> = {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': pageCsp,
        // Revalidated each time (a 304 is cheap): a reindexed file must not show an old highlight.
        'Cache-Control': 'no-cache',
        ETag: pageEtag,
      };
      if (c.req.header('if-none-match') === pageEtag) return c.body(null, 304, pageHeaders);
      const blocks = await readDocumentBlocks(file.path, doc.source).catch(() => undefined);
      if (!blocks) throw notFound();
      const html = renderDocumentPage({
        doc,
        blocks,
        passage: passage?.success ? passage.data : undefined,
        passageInvalid: passage !== undefined && !passage.success,
      });
      return c.body(html, 200, pageHeaders);
    }
    const headers: Record<string, string> = {
      'Content-Type': withCharset(file.mime),
      'Content-Disposition': contentDisposition(basename(file.path)),
      'Cache-Control': CACHE_CONTROL,
      ETag: etag,
      'Last-Modified': info.mtime.toUTCString(),
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, { ...headers, 'Content-Length': String(info.size) });
  });

  return app;
}
