/**
 * A known address asked with the wrong method answers 405 with an `Allow` header (RFC 9110
 * §15.5.6), not 404: a client that posts to `/ready` or GETs `/api/chat` learns what it did wrong.
 * The routes are read from the app once it is built; only real routes count, not middleware.
 */
import type { NotFoundHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
import type { AppEnv } from './app-env.ts';
import { handleNotFound } from './errors.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** How Hono registers `app.use` middleware: it matches every method, so it says nothing. */
const MIDDLEWARE_METHOD = 'ALL';

export function methodNotAllowedOrNotFound(routes: () => RouterRoute[]): NotFoundHandler<AppEnv> {
  let router: TrieRouter<string> | undefined;
  const allowedFor = (path: string): string[] => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of routes()) {
        if (route.method !== MIDDLEWARE_METHOD) router.add(route.method, route.path, route.method);
      }
    }
    const known = router;
    const allowed = METHODS.filter((method) => known.match(method, path)[0].length > 0);
    // Hono answers HEAD with the GET handler.
    return allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : [...allowed];
  };

  return (c) => {
    const allowed = allowedFor(c.req.path);
    if (allowed.length === 0 || allowed.includes(c.req.method)) return handleNotFound(c);
    return c.json(
      {
        error: {
          code: 'method_not_allowed',
          message: `La méthode ${c.req.method} n'est pas acceptée à cette adresse (méthodes acceptées : ${allowed.join(', ')}).`,
        },
      },
      405,
      { Allow: allowed.join(', ') },
    );
  };
}
