import { describe, expect, it } from 'vitest';
import { LOOPBACK_PROXIES } from '../../config.ts';
import { createFailureBudget } from '../failure-budget.ts';
import {
  type AgentTestDeps,
  agentTestApp,
  COMMITMENTS,
  fakeAssistant,
  HIT,
  peer,
} from './fake-assistant.test-helper.ts';
import { FAILED_SIGN_INS_MAX, FAILED_SIGN_INS_WINDOW_MS } from './index.ts';
import { createLoginThrottle } from './login-throttle.ts';

const TOKEN = 'jeton-de-test-assez-long-0123456789';
const SECRET = 'secret-de-session-de-test-0123456789';

/** What `TRUST_PROXY=true` means: a proxy on this machine. */
const LOCAL_PROXY = { proxies: LOOPBACK_PROXIES };
/** The console's public address: HTTPS, so cookies are Secure unless a test says otherwise. */
const PUBLIC_URL = 'https://accueil.example';

interface Client {
  request(input: string, init?: RequestInit): Promise<Response>;
}

/** Requests come from 127.0.0.1: the local proxy when one is trusted, else a client like any. */
function makeApp(overrides: Partial<AgentTestDeps> = {}) {
  const assistant = fakeAssistant();
  const routes = agentTestApp({
    agentToken: TOKEN,
    agentUsers: 'marie:mot-de-passe-1,paul:autre:secret',
    sessionSecret: SECRET,
    publicUrl: PUBLIC_URL,
    ...overrides,
    assistant,
  });
  const app: Client = {
    request: async (input, init) => routes.request(input, init, peer('127.0.0.1')),
  };
  return { app, assistant };
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
});

const MARIE = { username: 'marie', password: 'mot-de-passe-1' };
const WRONG = { username: 'marie', password: 'mauvais' };

async function signIn(
  app: Client,
  fields: Record<string, string> = MARIE,
  headers: Record<string, string> = {},
  url = '/agent/login',
) {
  const response = await app.request(url, form(fields, headers));
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { response, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

const bearer = { headers: { Authorization: `Bearer ${TOKEN}` } };

describe('POST /agent/login', () => {
  describe('with a right name and password', () => {
    it('opens a session cookie that is HttpOnly, SameSite=Strict, Secure and lasts 8 hours', async () => {
      const { app } = makeApp();
      const { response, setCookie } = await signIn(app);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/agent');
      expect(setCookie).toMatch(/^__Host-citadoc_agent=/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/Max-Age=28800/);
      expect(setCookie).toMatch(/Path=\//);
    });

    it('accepts a password that contains a colon', async () => {
      const { app } = makeApp();
      const { response } = await signIn(app, { username: 'paul', password: 'autre:secret' });
      expect(response.status).toBe(303);
    });
  });

  describe('which cookies are Secure', () => {
    /** Every cookie set: the session and the device cookie. */
    const cookiesOf = (response: Response) => response.headers.getSetCookie();
    const allSecure = (cookies: string[]) =>
      cookies.length === 2 && cookies.every((c) => /^__Host-/.test(c) && /; Secure/.test(c));
    const noneSecure = (cookies: string[]) =>
      cookies.length === 2 && cookies.every((c) => /^citadoc_/.test(c) && !/Secure/.test(c));
    const viaProxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'accueil.example' };

    it('makes them Secure and __Host- when PUBLIC_URL is https, though the service hears plain http', async () => {
      const { app } = makeApp();
      const { response } = await signIn(app, MARIE, {}, 'http://127.0.0.1:8787/agent/login');
      expect(allSecure(cookiesOf(response))).toBe(true);
    });

    it('makes them Secure when the trusted proxy says the agent came over https', async () => {
      const { app } = makeApp({ publicUrl: undefined, trustProxy: LOCAL_PROXY });
      const { response, cookie } = await signIn(app, MARIE, viaProxy, 'http://127.0.0.1:8787/agent/login');
      expect(allSecure(cookiesOf(response))).toBe(true);
      // The next request through the proxy reads the __Host- cookie back.
      const page = await app.request('http://127.0.0.1:8787/agent', {
        headers: { ...viaProxy, Cookie: cookie },
      });
      expect(page.status).toBe(200);
    });

    it.each([
      ['no proxy is trusted', {}],
      ['the request does not come from a trusted proxy', { trustProxy: { proxies: ['10.0.0.1'] } }],
    ])('ignores X-Forwarded-Proto when %s', async (_case, trust) => {
      const { app } = makeApp({ publicUrl: undefined, ...trust });
      const { response } = await signIn(app, MARIE, viaProxy, 'http://127.0.0.1:8787/agent/login');
      expect(noneSecure(cookiesOf(response))).toBe(true);
    });

    it('leaves out Secure and the __Host- prefix over plain http (PUBLIC_URL http or none)', async () => {
      for (const publicUrl of ['http://accueil.example', undefined]) {
        const { app } = makeApp({ publicUrl });
        const { response } = await signIn(app, MARIE, {}, 'http://127.0.0.1:8787/agent/login');
        expect(noneSecure(cookiesOf(response))).toBe(true);
      }
    });
  });

  describe('with the token', () => {
    it('opens a session', async () => {
      const { app } = makeApp();
      const { response, cookie } = await signIn(app, { token: TOKEN });
      expect(response.status).toBe(303);
      const page = await app.request('/agent', { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
    });
  });

  describe('with wrong credentials', () => {
    it.each<Record<string, string>>([
      { username: 'marie', password: 'mauvais' },
      { username: 'inconnu', password: 'mot-de-passe-1' },
      { username: 'marie', password: '' },
      { token: 'pas-le-bon-jeton' },
      {},
    ])('answers 401 with the form again, and no cookie (%o)', async (fields) => {
      const { app } = makeApp();
      const { response, setCookie } = await signIn(app, fields);
      expect(response.status).toBe(401);
      expect(setCookie).toBe('');
      const html = await response.text();
      expect(html).toContain('Identifiant, mot de passe ou jeton incorrect.');
      expect(html).toContain('name="password"');
    });

    it('escapes the name typed back into the form', async () => {
      const { app } = makeApp();
      const { response } = await signIn(app, { username: '"><script>alert(1)</script>', password: 'x' });
      const html = await response.text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&quot;&gt;&lt;script&gt;');
    });
  });

  describe('from another site', () => {
    it('is refused', async () => {
      const { app } = makeApp();
      const response = await app.request(
        'http://console.example/agent/login',
        form({ token: TOKEN }, { Origin: 'https://evil.example', Host: 'console.example' }),
      );
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    // What browsers send (Fetch Metadata, then Origin); Chromium sends `Origin: null` for a form
    // on a page with a no-referrer policy, ours included before the console set its own.
    it.each<[string, Record<string, string>, number]>([
      ['a same-origin post whose Origin is null', { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }, 303],
      ['an address typed or a bookmark', { 'Sec-Fetch-Site': 'none' }, 303],
      ['a client that is no browser', {}, 303],
      ['a browser without Fetch Metadata, from our origin', { Origin: 'http://console.example' }, 303],
      ['a cross-site post', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' }, 403],
      ['a cross-site post that hides its origin', { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' }, 403],
      [
        'a sibling site, or another port',
        { 'Sec-Fetch-Site': 'same-site', Origin: 'http://console.example:81' },
        403,
      ],
      [
        'a post claiming our Origin but marked cross-site',
        { 'Sec-Fetch-Site': 'cross-site', Origin: 'http://console.example' },
        403,
      ],
      ['a browser without Fetch Metadata and with Origin null', { Origin: 'null' }, 403],
    ])('answers %s with %i', async (_case, headers, status) => {
      const { app } = makeApp();
      const response = await app.request(
        'http://console.example/agent/login',
        form(MARIE, { Host: 'console.example', ...headers }),
      );
      expect(response.status).toBe(status);
      if (status === 403) {
        expect(await response.text()).toBe('Formulaire refusé : il doit être envoyé depuis la console.');
      }
    });

    it('refuses a cross-site sign-out too', async () => {
      const { app } = makeApp();
      const response = await app.request('/agent/logout', form({}, { 'Sec-Fetch-Site': 'cross-site' }));
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('the pages that hold a form', () => {
    it('keep the referrer for their own origin, so plain-HTTP posts carry a real Origin', async () => {
      const { app } = makeApp();
      const { cookie } = await signIn(app);
      const pages = [
        await app.request('/agent/login'),
        (await signIn(app, WRONG)).response,
        await app.request('/agent', { headers: { Cookie: cookie } }),
      ];
      for (const page of pages) expect(page.headers.get('referrer-policy')).toBe('same-origin');
    });
  });

  describe('behind a proxy that rewrites Host', () => {
    const fromProxy = {
      Origin: 'https://citadoc.ales.fr',
      Host: 'citadoc.internal:8787',
      'X-Forwarded-Host': 'citadoc.ales.fr',
    };

    it('accepts the form from the public host with TRUST_PROXY', async () => {
      const { app } = makeApp({ trustProxy: LOCAL_PROXY });
      const { response } = await signIn(app, MARIE, fromProxy);
      expect(response.status).toBe(303);
    });

    it('refuses it without TRUST_PROXY, since anyone could send X-Forwarded-Host', async () => {
      const { app } = makeApp();
      const { response } = await signIn(app, MARIE, fromProxy);
      expect(response.status).toBe(403);
    });
  });

  describe('after five wrong attempts', () => {
    const failFive = async (
      app: Client,
      fields: Record<string, string> = WRONG,
      headers: Record<string, string> = {},
    ) => {
      for (let i = 0; i < 5; i++) expect((await signIn(app, fields, headers)).response.status).toBe(401);
    };

    it('refuses the next one, even with the right password, with 429, Retry-After and a French alert', async () => {
      const { app } = makeApp();
      await failFive(app);
      const { response, setCookie } = await signIn(app, MARIE);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(setCookie).toBe('');
      const html = await response.text();
      expect(html).toContain(
        '<p class="error" role="alert">Trop de tentatives de connexion. Réessayez dans 1 minute.</p>',
      );
      expect(html).toContain('name="password"');
    });

    it('lets the agent in once the lock has passed, then locks for longer after five more', async () => {
      const clock = { now: 0 };
      const { app } = makeApp({ loginThrottle: createLoginThrottle({ now: () => clock.now }) });
      await failFive(app);
      clock.now += 60_000;
      expect((await signIn(app, WRONG)).response.status).toBe(401);
      const locked = (await signIn(app, MARIE)).response;
      expect(locked.headers.get('retry-after')).toBe('120');
      expect(await locked.text()).toContain('Réessayez dans 2 minutes.');
      clock.now += 120_000;
      expect((await signIn(app, MARIE)).response.status).toBe(303);
      // The success started the count again: four more mistakes do not lock.
      for (let i = 0; i < 4; i++) expect((await signIn(app, WRONG)).response.status).toBe(401);
      expect((await signIn(app, MARIE)).response.status).toBe(303);
    });

    it('locks the name whatever address the attempts come from (TRUST_PROXY)', async () => {
      const { app } = makeApp({ trustProxy: LOCAL_PROXY });
      for (let i = 0; i < 5; i++) {
        const from = { 'X-Forwarded-For': `198.51.100.${i}` };
        expect((await signIn(app, WRONG, from)).response.status).toBe(401);
      }
      const from = { 'X-Forwarded-For': '203.0.113.9' };
      expect((await signIn(app, MARIE, from)).response.status).toBe(429);
      const paul = { username: 'paul', password: 'autre:secret' };
      expect((await signIn(app, paul, from)).response.status).toBe(303);
    });

    it('locks the address whatever name it tries next', async () => {
      const { app } = makeApp({ trustProxy: LOCAL_PROXY });
      const from = { 'X-Forwarded-For': '198.51.100.7' };
      for (const username of ['a', 'b', 'c', 'd', 'e']) {
        expect((await signIn(app, { username, password: 'x' }, from)).response.status).toBe(401);
      }
      expect((await signIn(app, { token: TOKEN }, from)).response.status).toBe(429);
      const elsewhere = { 'X-Forwarded-For': '198.51.100.8' };
      expect((await signIn(app, { token: TOKEN }, elsewhere)).response.status).toBe(303);
    });

    it('ignores X-Forwarded-For without TRUST_PROXY, so a forged one does not start a new count', async () => {
      const { app } = makeApp();
      await failFive(app, { token: 'pas-le-bon-jeton' });
      const forged = { 'X-Forwarded-For': '198.51.100.8' };
      expect((await signIn(app, { token: TOKEN }, forged)).response.status).toBe(429);
    });

    describe('when someone else locked the name', () => {
      /** The device cookie a browser keeps from a right sign-in as that name. */
      const deviceCookieOf = (setCookie: string) =>
        /(__Host-citadoc_device_[^=]+=[^;]+)/.exec(setCookie)?.[1];
      const fromElsewhere = (i: number) => ({ 'X-Forwarded-For': `198.51.100.${i}` });
      const lockMarieFromElsewhere = async (app: Client) => {
        for (let i = 0; i < 5; i++)
          expect((await signIn(app, WRONG, fromElsewhere(i))).response.status).toBe(401);
      };

      it('lets the agent in from a browser where she signed in before', async () => {
        const { app } = makeApp({ trustProxy: LOCAL_PROXY });
        const desk = { 'X-Forwarded-For': '203.0.113.5' };
        const device = deviceCookieOf((await signIn(app, MARIE, desk)).setCookie);
        expect(device).toBeDefined();
        await lockMarieFromElsewhere(app);
        expect((await signIn(app, MARIE, desk)).response.status).toBe(429);
        expect((await signIn(app, MARIE, { ...desk, Cookie: device! })).response.status).toBe(303);
      });

      it('keeps a device cookie from another agent, or a tampered one, out', async () => {
        const { app } = makeApp({ trustProxy: LOCAL_PROXY });
        const paul = { username: 'paul', password: 'autre:secret' };
        const paulsDevice = deviceCookieOf((await signIn(app, paul)).setCookie)!;
        const mariesDevice = deviceCookieOf((await signIn(app, MARIE)).setCookie)!;
        // Another device id under Marie's signature.
        const tampered = mariesDevice.replace(/(%7C)[^%]+(%7C)/, '$1autre-appareil$2');
        expect(tampered).not.toBe(mariesDevice);
        await lockMarieFromElsewhere(app);
        for (const cookie of [paulsDevice, tampered]) {
          expect((await signIn(app, MARIE, { Cookie: cookie })).response.status).toBe(429);
        }
        expect((await signIn(app, MARIE, { Cookie: mariesDevice })).response.status).toBe(303);
      });

      it("counts a trusted browser's own wrong passwords against it", async () => {
        const { app } = makeApp({ trustProxy: LOCAL_PROXY });
        const device = deviceCookieOf((await signIn(app, MARIE)).setCookie)!;
        for (let i = 0; i < 5; i++) {
          expect((await signIn(app, WRONG, { ...fromElsewhere(i), Cookie: device })).response.status).toBe(
            401,
          );
        }
        expect((await signIn(app, MARIE, { Cookie: device })).response.status).toBe(429);
        // The name itself was not locked by them: another browser may still try.
        expect((await signIn(app, MARIE, fromElsewhere(9))).response.status).toBe(303);
      });
    });

    it('still answers the bearer token on the API', async () => {
      const { app } = makeApp();
      await failFive(app, { token: 'pas-le-bon-jeton' });
      expect((await app.request('/api/agent/documents', bearer)).status).toBe(200);
    });
  });

  describe(`after ${FAILED_SIGN_INS_MAX} wrong attempts from as many addresses and names`, () => {
    const from = (i: number) => ({ 'X-Forwarded-For': `198.51.${Math.floor(i / 250)}.${i % 250}` });
    const spread = async (app: Client) => {
      for (let i = 0; i < FAILED_SIGN_INS_MAX; i++) {
        const guess = { username: `nom-${i}`, password: 'devine' };
        expect((await signIn(app, guess, from(i))).response.status).toBe(401);
      }
    };

    it('refuses every sign-in from a browser the agent never used, even right, with a French alert', async () => {
      const { app } = makeApp({ trustProxy: LOCAL_PROXY });
      await spread(app);
      const { response, setCookie } = await signIn(app, MARIE, from(9_999));
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(setCookie).toBe('');
      expect(await response.text()).toContain(
        'Trop de connexions échouées sur la console ces dernières minutes. Réessayez dans 15 minutes, ou depuis le poste où vous vous connectez d&#39;habitude.',
      );
    });

    it('lets the agent in from her usual browser', async () => {
      const { app } = makeApp({ trustProxy: LOCAL_PROXY });
      const device = /(__Host-citadoc_device_[^=]+=[^;]+)/.exec((await signIn(app, MARIE)).setCookie)?.[1];
      await spread(app);
      expect((await signIn(app, MARIE, { ...from(9_999), Cookie: device! })).response.status).toBe(303);
    });

    it('lets them in again once the oldest failures are a window old', async () => {
      const clock = { now: 0 };
      const failedSignIns = createFailureBudget({
        max: FAILED_SIGN_INS_MAX,
        windowMs: FAILED_SIGN_INS_WINDOW_MS,
        now: () => clock.now,
      });
      const { app } = makeApp({ trustProxy: LOCAL_PROXY, failedSignIns });
      await spread(app);
      expect((await signIn(app, MARIE, from(9_999))).response.status).toBe(429);
      clock.now += FAILED_SIGN_INS_WINDOW_MS;
      expect((await signIn(app, MARIE, from(9_999))).response.status).toBe(303);
    });
  });
});

describe('a bearer token guessed from many addresses', () => {
  it(`is no longer checked after ${FAILED_SIGN_INS_MAX} wrong ones, and a session still works`, async () => {
    const { app } = makeApp({ trustProxy: LOCAL_PROXY });
    const { cookie } = await signIn(app);
    for (let i = 0; i < FAILED_SIGN_INS_MAX; i++) {
      const response = await app.request('/api/agent/documents', {
        headers: { Authorization: `Bearer devine-${i}`, 'X-Forwarded-For': `198.51.100.${i}` },
      });
      expect(response.status).toBe(401);
    }
    const right = await app.request('/api/agent/documents', bearer);
    expect(right.status).toBe(429);
    expect((await right.json()).error).toMatchObject({
      code: 'too_many_failures',
      message: 'Trop de jetons erronés sur la console ces dernières minutes. Réessayez dans 15 minutes.',
    });
    expect((await app.request('/agent', bearer)).status).toBe(429);
    expect((await app.request('/api/agent/documents', { headers: { Cookie: cookie } })).status).toBe(200);
  });
});

describe('GET /agent', () => {
  describe('without a session', () => {
    it('redirects to the login page', async () => {
      const { app } = makeApp();
      const response = await app.request('/agent');
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/agent/login');
    });

    it('keeps the script behind the login too', async () => {
      const { app } = makeApp();
      expect((await app.request('/agent/app.js')).status).toBe(303);
    });
  });

  describe('with a session', () => {
    it('serves the French page, its stylesheet and its script', async () => {
      const { app } = makeApp();
      const { cookie } = await signIn(app);
      const page = await app.request('/agent', { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('src="/agent/app.js"');
      const script = await app.request('/agent/app.js', { headers: { Cookie: cookie } });
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(await script.text()).toContain('/api/agent/search');
      const css = await app.request('/agent/console.css', { headers: { Cookie: cookie } });
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
    });

    it('refuses a tampered cookie', async () => {
      const { app } = makeApp();
      const { cookie } = await signIn(app);
      const [name, value = ''] = cookie.split('=');
      const tampered = `${name}=${encodeURIComponent(decodeURIComponent(value).replace('marie', 'paul'))}`;
      expect((await app.request('/agent', { headers: { Cookie: tampered } })).status).toBe(303);
    });

    it('refuses the session once the password has changed', async () => {
      const { app } = makeApp();
      const { cookie } = await signIn(app);
      const { app: restarted } = makeApp({ agentUsers: 'marie:nouveau-mot-de-passe' });
      expect((await restarted.request('/agent', { headers: { Cookie: cookie } })).status).toBe(303);
    });
  });
});

describe('POST /agent/logout', () => {
  it('clears the session cookie and goes back to the login page', async () => {
    const { app } = makeApp();
    const response = await app.request('/agent/logout', form({}));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/agent/login');
    expect(response.headers.get('set-cookie')).toMatch(/__Host-citadoc_agent=;.*Max-Age=0/);
  });
});

describe('when no access is configured', () => {
  const closed = () => makeApp({ agentToken: undefined, agentUsers: undefined }).app;

  it('says on the login page that the console is closed', async () => {
    const response = await closed().request('/agent/login');
    const html = await response.text();
    expect(html).toContain("La console d'accueil est fermée");
    expect(html).not.toContain('name="password"');
  });

  it('answers 404 on the API, even with a bearer', async () => {
    const response = await closed().request('/api/agent/documents', {
      headers: { Authorization: 'Bearer ' },
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('agent_console_closed');
  });

  it('lets nobody sign in', async () => {
    const { response } = await signIn(closed(), { token: '' });
    expect(response.status).toBe(404);
  });
});

describe('GET /api/agent/search', () => {
  describe('without credentials', () => {
    it('answers 401 in JSON', async () => {
      const { app } = makeApp();
      const response = await app.request('/api/agent/search?q=état');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await response.json()).error.code).toBe('unauthorized');
    });

    it('answers 401 to a wrong bearer', async () => {
      const { app } = makeApp();
      const response = await app.request('/api/agent/search?q=état', {
        headers: { Authorization: 'Bearer faux' },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('with the bearer token', () => {
    it('passes the query and filters to the assistant and returns its hits', async () => {
      const { app, assistant } = makeApp();
      const response = await app.request(
        '/api/agent/search?q=%20r%C3%A9novation%20&k=5&document=cdv-2024&kind=contract&year=2024',
        bearer,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ query: 'rénovation', hits: [HIT] });
      expect(assistant.searches).toEqual([
        { query: 'rénovation', options: { k: 5, document: 'cdv-2024', kind: 'contract', year: '2024' } },
      ]);
    });

    it('uses 10 results by default and ignores empty filters', async () => {
      const { app, assistant } = makeApp();
      await app.request('/api/agent/search?q=etat&document=&year=', bearer);
      expect(assistant.searches[0]?.options).toEqual({ k: 10 });
    });

    it.each([
      ['/api/agent/search', 'q'],
      ['/api/agent/search?q=etat&year=24', 'year'],
      ['/api/agent/search?q=etat&k=500', 'k'],
    ])('answers 400 naming the field (%s)', async (path, field) => {
      const { app } = makeApp();
      const response = await app.request(path, bearer);
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    });
  });
});

describe('GET /api/agent/documents', () => {
  it('lists the documents for a signed-in agent', async () => {
    const { app } = makeApp();
    const { cookie } = await signIn(app);
    const response = await app.request('/api/agent/documents', { headers: { Cookie: cookie } });
    const body = await response.json();
    expect(body.documents.map((d: { id: string }) => d.id)).toEqual(['cdv-2024', 'loi-2014']);
  });
});

describe('GET /api/agent/commitments', () => {
  it('returns every commitment with facet counts', async () => {
    const { app } = makeApp();
    const body = await (await app.request('/api/agent/commitments', bearer)).json();
    expect(body.total).toBe(3);
    expect(body.count).toBe(3);
    expect(body.facets.partner).toEqual([
      { value: 'État', label: 'État', count: 2 },
      { value: 'CAF', label: 'CAF', count: 1 },
    ]);
    expect(body.facets.document[0]).toEqual({
      value: 'cdv-2024',
      label: 'Contrat de ville 2024-2030',
      count: 2,
    });
  });

  describe('filtered by partner and document', () => {
    it('keeps the matching rows and counts the other facets under that filter', async () => {
      const { app } = makeApp();
      const response = await app.request(
        '/api/agent/commitments?partner=%C3%89tat&document=cdv-2024',
        bearer,
      );
      const body = await response.json();
      expect(body.count).toBe(1);
      expect(body.commitments[0].text).toBe(COMMITMENTS[0]?.text);
      expect(body.facets.theme).toEqual([
        {
          value: 'cadre de vie et renouvellement urbain',
          label: 'cadre de vie et renouvellement urbain',
          count: 1,
        },
      ]);
      // The partner facet ignores its own filter, so the agent can switch partner.
      expect(body.facets.partner.map((f: { value: string }) => f.value)).toEqual(['CAF', 'État']);
    });
  });

  it('filters by neighbourhood', async () => {
    const { app } = makeApp();
    const body = await (await app.request('/api/agent/commitments?neighbourhood=Tamaris', bearer)).json();
    expect(body.commitments.map((c: { docId: string }) => c.docId)).toEqual(['cdv-2015']);
  });

  it('finds a commitment under each neighbourhood it concerns, with its sum and date', async () => {
    const { app } = makeApp();
    const body = await (
      await app.request('/api/agent/commitments?neighbourhood=C%C3%A9vennes', bearer)
    ).json();
    expect(body.commitments.map((c: { amount: number; date: string }) => [c.amount, c.date])).toEqual([
      [52_000_000, '2024'],
    ]);
    expect(body.facets.neighbourhood.map((f: { value: string }) => f.value)).toEqual([
      'Cévennes',
      'Près Saint-Jean',
      'Tamaris',
    ]);
  });
});

describe('GET /api/agent/commitments.csv', () => {
  it('is UTF-8 with a BOM, separated by semicolons, quoted where needed, with absolute links', async () => {
    const { app } = makeApp({ publicUrl: undefined });
    const response = await app.request('https://console.example/api/agent/commitments.csv', bearer);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="engagements\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(
      'partenaire;engagement;montant;montant (euros);quartiers;date;thème;document;page;lien',
    );
    expect(lines[1]).toBe(
      'État;"L’État mobilisera les crédits; pour la ""rénovation"" urbaine.";52\u00a0M€;52000000;Près Saint-Jean, Cévennes;2024;cadre de vie et renouvellement urbain;Contrat de ville 2024-2030;12;https://console.example/documents/cdv-2024#page=12',
    );
    // A formula-looking cell is defused; a row without page leaves the cell empty.
    expect(lines[3]).toBe(
      `État;"'=HYPERLINK(""x"") L’État déploiera la Cité éducative.";537\u202f500\u00a0€;537500;Tamaris;2015-2020;éducation;Contrat de ville 2015-2020;;https://ales.fr/contrat`,
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
  });

  describe('behind a proxy that terminates TLS', () => {
    const proxied = {
      headers: {
        ...bearer.headers,
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'citadoc.ales.fr',
      },
    };
    const firstLink = async (response: Response) =>
      (await response.text()).split('\r\n')[1]?.split(';').at(-1);

    it('links to the public https origin with TRUST_PROXY', async () => {
      const { app } = makeApp({ publicUrl: undefined, trustProxy: LOCAL_PROXY });
      const response = await app.request('http://citadoc.internal:8787/api/agent/commitments.csv', proxied);
      expect(await firstLink(response)).toBe('https://citadoc.ales.fr/documents/cdv-2024#page=12');
    });

    it('keeps the request URL without TRUST_PROXY', async () => {
      const { app } = makeApp({ publicUrl: undefined });
      const response = await app.request('http://citadoc.internal:8787/api/agent/commitments.csv', proxied);
      expect(await firstLink(response)).toBe('http://citadoc.internal:8787/documents/cdv-2024#page=12');
    });

    it('keeps the request URL when the forwarded values are not a scheme and a host', async () => {
      const { app } = makeApp({ publicUrl: undefined, trustProxy: LOCAL_PROXY });
      const response = await app.request('http://citadoc.internal:8787/api/agent/commitments.csv', {
        headers: { ...bearer.headers, 'X-Forwarded-Proto': 'javascript', 'X-Forwarded-Host': 'a b' },
      });
      expect(await firstLink(response)).toBe('http://citadoc.internal:8787/documents/cdv-2024#page=12');
    });
  });

  it('applies the same filters as the table', async () => {
    const { app } = makeApp();
    const text = await (await app.request('/api/agent/commitments.csv?partner=CAF', bearer)).text();
    expect(text.trim().split('\r\n')).toHaveLength(2);
    expect(text).toContain(
      'CAF;La CAF s’engage à : financer les postes d’adultes-relais;;;;;cohésion sociale',
    );
  });
});
