/**
 * `GET /documents/:id`: the original file a citation points to. Only ids the assistant lists are
 * served, from the path the assistant gives; nothing the client sends is ever joined to a folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, requireAssistant } from '../assistant-ref.ts';
import { ApiError } from '../errors.ts';

/** Sources change only on reindex; an hour of caching spares the disk, revalidation by ETag. */
const CACHE_CONTROL = 'public, max-age=3600';
/** Ids are slugs; anything else (dots only, slashes, encoded tricks) is not worth a lookup. */
const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,199}$/u;

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

export function documentFileRoutes(options: { assistant: AssistantRef }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/documents/:id', async (c) => {
    const assistant = requireAssistant(options.assistant);
    const id = c.req.param('id');
    if (!ID_PATTERN.test(id) || !assistant.documents().some((doc) => doc.id === id)) throw notFound();
    const file = assistant.documentFile(id);
    const info = file && (await stat(file.path).catch(() => undefined));
    if (!file || !info?.isFile()) throw notFound();

    const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
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
