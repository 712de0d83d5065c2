/**
 * The front-desk console for staff: `GET /agent` (the page and its files), sign-in and sign-out,
 * and the staff API under `/api/agent/` (search with filters, documents, commitments as JSON and
 * CSV). Everything but the login page needs a session or the bearer token; with no access
 * configured the console is closed. Repeated failed sign-ins lock the address and the name for a
 * while (login-throttle.ts), except in a browser where that agent signed in before, which is counted
 * on its own (device-cookie.ts); past a number of failures from anywhere, sign-ins from other
 * browsers and bearer tokens wait (failure-budget.ts). Mounted at `/` by the main app, which owns
 * security headers.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AssistantService } from '../../assistant/types.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { createFailureBudget, type FailureBudget, minutesToWait } from '../failure-budget.ts';
import type { RequestOrigins } from '../request-origin.ts';
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
  /** The origin agents typed: absolute links, the same-origin check, `Secure` cookies. */
  origins: RequestOrigins;
  /** Tests inject these with a clock of their own. */
  loginThrottle?: LoginThrottle;
  failedSignIns?: FailureBudget;
}

/** A query is a sentence at most; ten passages fill the screen, fifty is plenty for a script. */
const MAX_QUERY_CHARS = 500;
const DEFAULT_RESULTS = 10;
const MAX_RESULTS = 50;
const MAX_FIELD_CHARS = 200;
const NO_STORE = { 'Cache-Control': 'no-store' };
/**
 * Pages with a form keep their origin on same-origin requests only, so the form post carries a
 * real `Origin` where the browser sends no `Sec-Fetch-Site` (plain HTTP): with the service-wide
 * `no-referrer`, Chromium sends `Origin: null` and the post could not be told from a foreign one.
 */
const FORM_PAGE = { ...NO_STORE, 'Referrer-Policy': 'same-origin' };
/**
 * Failed sign-ins (from browsers without the agent's device cookie) and wrong bearer tokens allowed
 * from everywhere together in 15 minutes: a team mistyping never gets near it, a botnet that the
 * per-address and per-name locks cannot see gets ~5,000 guesses a day instead of millions.
 */
export const FAILED_SIGN_INS_MAX = 50;
export const FAILED_SIGN_INS_WINDOW_MS = 15 * 60_000;

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
 * (or out) must not be something a foreign page can do either. Fetch Metadata first, as OWASP and
 * Go's `http.CrossOriginProtection` do: every current browser says in `Sec-Fetch-Site` where a
 * request comes from (`none` when the agent typed the address). Where it is absent (plain HTTP, old
 * browsers) the `Origin` must be ours; a request with neither comes from no browser (curl, scripts)
 * and cannot carry a victim's cookies, so it goes on. Hosts are compared rather than origins because
 * a TLS-terminating proxy hides the scheme from the server.
 */
const sameOriginForms =
  (origins: RequestOrigins): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const ours =
      site !== undefined
        ? site === 'same-origin' || site === 'none'
        : origin === undefined ||
          origin === origins.origin(c) ||
          (URL.canParse(origin) && new URL(origin).host === origins.host(c));
    if (!ours) return c.text('Formulaire refusé : il doit être envoyé depuis la console.', 403);
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
  return `Trop de tentatives de connexion. Réessayez dans ${minutesToWait(seconds)}.`;
}

function tooManyEverywhere(seconds: number): string {
  return `Trop de connexions échouées sur la console ces dernières minutes. Réessayez dans ${minutesToWait(seconds)}, ou depuis le poste où vous vous connectez d'habitude.`;
}

const hasBearer = (c: Context) => /^Bearer\s/i.test(c.req.header('authorization') ?? '');

export function createAgentRoutes(deps: AgentRoutesDeps): Hono<AppEnv> {
  const { assistant, origins } = deps;
  const secureCookies = (c: Context) => origins.isHttps(c as Context<AppEnv>);
  const auth = createAgentAuth({ ...deps, secureCookies });
  const throttle = deps.loginThrottle ?? createLoginThrottle();
  const failedSignIns =
    deps.failedSignIns ??
    createFailureBudget({ max: FAILED_SIGN_INS_MAX, windowMs: FAILED_SIGN_INS_WINDOW_MS });
  const devices = createDeviceCookies({ sessionSecret: deps.sessionSecret, secureCookies });
  const sameOrigin = sameOriginForms(origins);
  const app = new Hono<AppEnv>();

  /**
   * The agent behind a request. A bearer token is a guess like a password: a wrong one counts
   * against the service-wide budget, and none is checked while it is spent.
   */
  const identify = async (c: Context): Promise<string | undefined> => {
    if (!hasBearer(c)) return auth.identify(c);
    const wait = failedSignIns.wait();
    if (wait > 0) {
      const message = `Trop de jetons erronés sur la console ces dernières minutes. Réessayez dans ${minutesToWait(wait)}.`;
      throw new ApiError(429, 'too_many_failures', message, { headers: { 'Retry-After': String(wait) } });
    }
    const agent = await auth.identify(c);
    if (!agent) failedSignIns.fail();
    return agent;
  };

  const loginPage = async (options: { error?: string; username?: string } = {}) =>
    renderLoginPage({ css: (await loadConsoleAssets()).css, closed: !auth.open, ...options });

  /** The page and its files: without a session, the login page. */
  const staffPage: MiddlewareHandler = async (c, next) => {
    if (!(await identify(c))) return c.redirect('/agent/login', 303);
    await next();
  };

  app.use('/api/agent/*', async (c, next) => {
    if (!auth.open)
      throw new ApiError(
        404,
        'agent_console_closed',
        "La console d'accueil n'est pas ouverte sur ce serveur.",
      );
    if (!(await identify(c))) {
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
    if (auth.open && (await identify(c))) return c.redirect('/agent', 303);
    return c.html(await loginPage(), 200, FORM_PAGE);
  });

  app.post('/agent/login', sameOrigin, async (c) => {
    if (!auth.open) return c.html(await loginPage(), 404, NO_STORE);
    const parsed = loginForm.safeParse(await c.req.parseBody());
    const form = parsed.success ? parsed.data : {};
    const device = form.username ? await devices.read(c, form.username) : undefined;
    const keys = throttleKeys(c.var.clientKey, form, device);
    // From here to the count, nothing awaits: parallel attempts cannot slip between check and count.
    const wait = throttle.wait(keys);
    // The agent's own browser is counted on its own, and spared the service-wide budget.
    const waitEverywhere = device ? 0 : failedSignIns.wait();
    if (wait > 0 || waitEverywhere > 0) {
      const error = wait > 0 ? tooManyAttempts(wait) : tooManyEverywhere(waitEverywhere);
      const page = await loginPage({ error, username: form.username ?? '' });
      return c.html(page, 429, { ...FORM_PAGE, 'Retry-After': String(Math.max(wait, waitEverywhere)) });
    }
    const agent = auth.checkLogin(form);
    if (!agent) {
      throttle.fail(keys);
      if (!device) failedSignIns.fail();
      const error = 'Identifiant, mot de passe ou jeton incorrect.';
      return c.html(await loginPage({ error, username: form.username ?? '' }), 401, FORM_PAGE);
    }
    throttle.succeed(keys);
    await auth.startSession(c, agent);
    if (form.username) await devices.issue(c, agent);
    return c.redirect('/agent', 303);
  });

  app.post('/agent/logout', sameOrigin, (c) => {
    auth.endSession(c);
    return c.redirect('/agent/login', 303);
  });

  app.get('/agent', staffPage, async (c) => c.html((await loadConsoleAssets()).html, 200, FORM_PAGE));

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
    return c.body(commitmentsCsv(rows, origins.origin(c)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="engagements.csv"',
    });
  });

  return app;
}
