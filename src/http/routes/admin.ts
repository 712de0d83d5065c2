/**
 * `/admin/*`: reindexing and the report of what residents ask that the documents don't cover.
 * Closed (404) when ADMIN_TOKEN is unset; otherwise a Bearer token, compared in constant time.
 * Wrong tokens are limited per client and, whatever addresses they come from, for the whole service.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Store } from '../../store/index.ts';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, requireAssistant } from '../assistant-ref.ts';
import { ApiError } from '../errors.ts';
import { createFailureBudget, type FailureBudget, minutesToWait } from '../failure-budget.ts';
import type { HealthRegistry } from '../health/index.ts';
import { rateLimit } from '../rate-limit.ts';
import { busyMessage, type ReindexJob } from '../reindex-job.ts';
import { reportQuerySchema } from '../schemas.ts';
import { readQuery } from '../validate.ts';

/** Plenty for a person, too few to guess a 16-character token. */
const ADMIN_REQUESTS_PER_MINUTE = 30;
/** An ingestion of the corpus takes about a minute: asking again sooner is pointless. */
const LOCKED_RETRY_AFTER_S = 60;
/**
 * Wrong tokens allowed from everywhere together in 10 minutes: an operator pasting the wrong one
 * never gets there; guessers, however many their addresses, get ~3,000 tries a day at a 16-character
 * secret.
 */
export const ADMIN_FAILURES_MAX = 20;
export const ADMIN_FAILURES_WINDOW_MS = 10 * 60_000;

export interface AdminRoutesOptions {
  token: string | undefined;
  assistant: AssistantRef;
  store: Store;
  reindex: ReindexJob;
  /** What `/ready` reports as degraded is in the report too, for a maintainer reading it. */
  health?: HealthRegistry;
}

/** Hashing first gives equal lengths, which `timingSafeEqual` needs, without revealing the token's. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function requireAdmin(token: string | undefined, failures: FailureBudget): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!token) throw new ApiError(404, 'not_found', "Cette adresse n'existe pas.");
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    // Checked before the token, right or wrong: a guesser must learn nothing while it waits.
    const wait = given ? failures.wait() : 0;
    if (wait > 0) {
      throw new ApiError(
        429,
        'too_many_failures',
        `Trop de jetons d'administration erronés ces dernières minutes. Réessayez dans ${minutesToWait(wait)}.`,
        { headers: { 'Retry-After': String(wait) } },
      );
    }
    if (!given || !sameSecret(given, token)) {
      // A missing token is no guess; a wrong one is.
      if (given) failures.fail();
      throw new ApiError(401, 'unauthorized', "Jeton d'administration manquant ou invalide.", {
        headers: { 'WWW-Authenticate': 'Bearer realm="citadoc-admin"' },
      });
    }
    await next();
  };
}

export function adminRoutes(options: AdminRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const failures = createFailureBudget({ max: ADMIN_FAILURES_MAX, windowMs: ADMIN_FAILURES_WINDOW_MS });
  app.use(
    '/admin/*',
    rateLimit({ perMinute: ADMIN_REQUESTS_PER_MINUTE }),
    requireAdmin(options.token, failures),
  );

  app.post('/admin/reindex', async (c) => {
    const assistant = requireAssistant(options.assistant);
    const start = await options.reindex.start(assistant);
    if (!start.started && start.reason === 'running') {
      throw new ApiError(409, 'reindex_running', 'Une réindexation est déjà en cours.');
    }
    if (!start.started) {
      // The command line (or another service on the same folder) is ingesting: say who, not "failed" later.
      throw new ApiError(409, 'ingest_locked', busyMessage(start.holder), {
        headers: { 'Retry-After': String(LOCKED_RETRY_AFTER_S) },
      });
    }
    return c.json(options.reindex.status(), 202, { Location: '/admin/reindex' });
  });

  app.get('/admin/reindex', (c) => c.json(options.reindex.status(), 200, { 'Cache-Control': 'no-store' }));

  app.get('/admin/report', async (c) => {
    const { days } = readQuery(c, reportQuerySchema);
    const degraded = (await options.health?.degradations()) ?? [];
    return c.json({ ...options.store.report(days), degraded }, 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
