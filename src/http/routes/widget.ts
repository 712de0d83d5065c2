/**
 * `GET /widget.js` (the script any host page loads) and `GET /` (the demo page), both built or
 * written elsewhere in `widget/`. When they are missing the service says so in French with a 503.
 * The script is served with this service's question limit written in, so both refuse the same.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** The script's name never changes, so browsers keep it briefly and then revalidate by ETag. */
const WIDGET_CACHE_CONTROL = 'public, max-age=300, must-revalidate';
/** Written in the built script by widget/src/limits.ts; the ETag is computed after the replacement. */
const MAX_QUESTION_PLACEHOLDER = '__CITADOC_MAX_QUESTION_CHARS__';

const MISSING_PAGE = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Assistant indisponible</title></head>
<body>
<h1>Page de démonstration indisponible</h1>
<p>La page de démonstration de l'assistant n'est pas encore installée sur ce serveur.
Veuillez réessayer plus tard ou contacter l'équipe qui l'exploite.</p>
</body>
</html>
`;

const MISSING_SCRIPT =
  "Le widget de l'assistant n'est pas encore construit sur ce serveur (npm run build:widget).\n";

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  return readFile(path).catch(() => undefined);
}

export function widgetRoutes(options: { widgetDir: string; maxQuestionChars: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/widget.js', async (c) => {
    const built = await readIfPresent(join(options.widgetDir, 'dist', 'widget.js'));
    if (!built) return c.text(MISSING_SCRIPT, 503, { 'Cache-Control': 'no-store', 'Retry-After': '60' });
    // One question limit for the service and the widget, configured once (widget/src/limits.ts).
    const script = Buffer.from(
      built.toString('utf8').replaceAll(MAX_QUESTION_PLACEHOLDER, String(options.maxQuestionChars)),
    );
    const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 27)}"`;
    const headers = {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': WIDGET_CACHE_CONTROL,
      ETag: etag,
      // Any host page may load this one file; the API itself keeps its origin list.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(script), 200, headers);
  });

  app.get('/', async (c) => {
    const page = await readIfPresent(join(options.widgetDir, 'demo.html'));
    if (!page) return c.html(MISSING_PAGE, 503, { 'Cache-Control': 'no-store' });
    return c.html(page.toString('utf8'), 200, { 'Cache-Control': 'no-cache' });
  });

  return app;
}
