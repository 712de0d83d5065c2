/**
 * The front-desk console for staff: `GET /agent` (the page and its files), sign-in and sign-out,
 * and the staff API under `/api/agent/` (search with filters, documents, commitments as JSON and
 * CSV). Everything but the login page needs a session or the bearer token; with no access
 * configured the console is closed. Repeated failed sign-ins lock the address and the name for a
 * while (login-throttle.ts), except in a browser where that agent signed in before, which is counted
 * on its own (device-cookie.ts); the bearer is not throttled, being a long random secret. Mounted at `/` by the main app, which owns security headers.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AssistantService } from '../../assistant/types.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { requestHost, requestOrigin } from '../request-origin.ts';
import { readQuery } from '../validate.ts';
import { loadConsoleAssets } from './assets.ts';
import { createAgentAuth, type LoginInput } from './auth.ts';
import { commitmentFacets, commitmentsCsv, filterCommitments } from './commitment-table.ts';
import { createDeviceCookies } from './device-cookie.ts';
import { renderLoginPage } from './login-page.ts';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts';

export interface AgentRoutesDeps {
  assistant: AssistantService;
  agentToken?: string;
  agentUsers?: string;
  sessionSecret: string;
  secureCookies: boolean;
  /** Behind a proxy: links and same-site checks use its `X-Forwarded-Proto`/`-Host`. */
  trustProxy?: boolean;
  /** Tests inject one with a clock of their own. */
  loginThrottle?: LoginThrottle;
}

/** A query is a sentence at most; ten passages fill the screen, fifty is plenty for a script. */
const MAX_QUERY_CHARS = 500;
const DEFAULT_RESULTS = 10;
const MAX_RESULTS = 50;
const MAX_FIELD_CHARS = 200;
const NO_STORE = { 'Cache-Control': 'no-store' };

const filterValue = z.string().max(MAX_FIELD_CHARS, `${MAX_FIELD_CHARS} caractères au plus.`).optional();
const searchQuery = z.object({
  q: z
    .string({ error: 'Saisissez une recherche (paramètre « q »).' })
    .trim()
    .min(1, 'Saisissez une recherche (paramètre « q »).')
    .max(MAX_QUERY_CHARS, `La recherche dépasse ${MAX_QUERY_CHARS} caractères.`),
  k: z.coerce
    .number()
    .int('Le nombre de résultats doit être un entier.')
    .min(1, 'Au moins 1 résultat.')
    .max(MAX_RESULTS, `Au plus ${MAX_RESULTS} résultats.`)
    .default(DEFAULT_RESULTS),
  document: filterValue,
  kind: filterValue,
  year: z
    .string()
    .regex(/^\d{4}$/, "L'année s'écrit sur quatre chiffres.")
    .optional(),
});
const commitmentQuery = z.object({
  partner: filterValue,
  theme: filterValue,
  neighbourhood: filterValue,
  document: filterValue,
});
const loginForm = z.object({
  username: z.string().max(MAX_FIELD_CHARS).optional(),
  password: z.string().max(MAX_FIELD_CHARS).optional(),
  token: z.string().max(MAX_FIELD_CHARS).optional(),
});

/**
 * A form posted from another site is refused: the session cookie is SameSite=Strict, but signing in
 * (or out) must not be something a foreign page can do either. Hosts are compared rather than
 * origins because a TLS-terminating proxy hides the scheme from the server; under TRUST_PROXY the
 * host is the one the proxy forwards.
 */
const sameSiteForms =
  (trustProxy: boolean): MiddlewareHandler =>
  async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    let foreign = site !== undefined && site !== 'same-origin' && site !== 'none';
    if (!foreign && origin) {
      try {
        foreign = new URL(origin).host !== requestHost(c, trustProxy);
      } catch {
        foreign = true;
      }
    }
    if (foreign) return c.text('Formulaire refusé : il doit être envoyé depuis la console.', 403);
    await next();
  };

/**
 * What a sign-in attempt is counted against: from a browser where this agent signed in before, its
 * device cookie alone (device-cookie.ts); otherwise the client, and the name when one is typed.
 */
function throttleKeys(clientKey: string, form: LoginInput, device: string | undefined): string[] {
  if (device) return [`device:${device}`];
  const keys = [`client:${clientKey}`];
  if (form.username) keys.push(`name:${form.username}`);
  return keys;
}

function tooManyAttempts(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}

export function createAgentRoutes(deps: AgentRoutesDeps): Hono<AppEnv> {
  const { assistant, trustProxy = false } = deps;
  const auth = createAgentAuth(deps);
  const throttle = deps.loginThrottle ?? createLoginThrottle();
  const devices = createDeviceCookies(deps);
  const sameSite = sameSiteForms(trustProxy);
  const app = new Hono<AppEnv>();

  const loginPage = async (options: { error?: string; username?: string } = {}) =>
    renderLoginPage({ css: (await loadConsoleAssets()).css, closed: !auth.open, ...options });

  /** The page and its files: without a session, the login page. */
  const staffPage: MiddlewareHandler = async (c, next) => {
    if (!(await auth.identify(c))) return c.redirect('/agent/login', 303);
    await next();
  };

  app.use('/api/agent/*', async (c, next) => {
    if (!auth.open)
      throw new ApiError(
        404,
        'agent_console_closed',
        "La console d'accueil n'est pas ouverte sur ce serveur.",
      );
    if (!(await auth.identify(c))) {
      throw new ApiError(
        401,
        'unauthorized',
        'Connectez-vous à la console d’accueil pour accéder à ce service.',
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="citadoc-agent"' },
        },
      );
    }
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/agent/login', async (c) => {
    if (auth.open && (await auth.identify(c))) return c.redirect('/agent', 303);
    return c.html(await loginPage(), 200, NO_STORE);
  });

  app.post('/agent/login', sameSite, async (c) => {
    if (!auth.open) return c.html(await loginPage(), 404, NO_STORE);
    const parsed = loginForm.safeParse(await c.req.parseBody());
    const form = parsed.success ? parsed.data : {};
    const device = form.username ? await devices.read(c, form.username) : undefined;
    const keys = throttleKeys(c.var.clientKey, form, device);
    // From here to the count, nothing awaits: parallel attempts cannot slip between check and count.
    const wait = throttle.wait(keys);
    if (wait > 0) {
      const page = await loginPage({ error: tooManyAttempts(wait), username: form.username ?? '' });
      return c.html(page, 429, { ...NO_STORE, 'Retry-After': String(wait) });
    }
    const agent = auth.checkLogin(form);
    if (!agent) {
      throttle.fail(keys);
      const error = 'Identifiant, mot de passe ou jeton incorrect.';
      return c.html(await loginPage({ error, username: form.username ?? '' }), 401, NO_STORE);
    }
    throttle.succeed(keys);
    await auth.startSession(c, agent);
    if (form.username) await devices.issue(c, agent);
    return c.redirect('/agent', 303);
  });

  app.post('/agent/logout', sameSite, (c) => {
    auth.endSession(c);
    return c.redirect('/agent/login', 303);
  });

  app.get('/agent', staffPage, async (c) => c.html((await loadConsoleAssets()).html, 200, NO_STORE));

  app.get('/agent/console.css', staffPage, async (c) =>
    c.body((await loadConsoleAssets()).css, 200, { 'Content-Type': 'text/css; charset=utf-8', ...NO_STORE }),
  );

  app.get('/agent/app.js', staffPage, async (c) => {
    const { js } = await loadConsoleAssets();
    if (js === undefined) {
      return c.text(
        "Le script de la console n'est pas construit sur ce serveur (npm run build:console).",
        503,
        NO_STORE,
      );
    }
    return c.body(js, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...NO_STORE });
  });

  app.get('/api/agent/search', async (c) => {
    const { q, ...options } = readQuery(c, searchQuery);
    if (!assistant.ready()) {
      throw new ApiError(
        503,
        'not_ready',
        "L'index des documents est en cours de chargement. Réessayez dans un instant.",
        {
          headers: { 'Retry-After': '10' },
        },
      );
    }
    return c.json({ query: q, hits: await assistant.search(q, options) });
  });

  app.get('/api/agent/documents', (c) => c.json({ documents: assistant.documents() }));

  app.get('/api/agent/commitments', (c) => {
    const filters = readQuery(c, commitmentQuery);
    const all = assistant.commitments();
    const commitments = filterCommitments(all, filters);
    return c.json({
      total: all.length,
      count: commitments.length,
      commitments,
      facets: commitmentFacets(all, filters),
    });
  });

  app.get('/api/agent/commitments.csv', (c) => {
    const rows = filterCommitments(assistant.commitments(), readQuery(c, commitmentQuery));
    return c.body(commitmentsCsv(rows, requestOrigin(c, trustProxy)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="engagements.csv"',
    });
  });

  return app;
}
