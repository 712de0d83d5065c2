/**
 * Which address the limits count, under TRUST_PROXY: the one the trusted proxies saw, never an entry
 * the client wrote. In-process, the socket address is given as the Node binding would give it.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/app-env.ts';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './helpers.ts';

const QUESTION = 'Quand les contrats de ville ont-ils été signés ?';
const LIMIT = 5;
const TRIES = 10;

/** The binding @hono/node-server passes: only the socket's address is read. */
function peer(remoteAddress: string): AppEnv['Bindings'] {
  return { incoming: { socket: { remoteAddress } } } as unknown as AppEnv['Bindings'];
}

function ask(app: TestApp['app'], from: string, headers: HeadersInit) {
  const init = new Headers(headers);
  init.set('Content-Type', 'application/json');
  return app.request(
    '/api/chat',
    { method: 'POST', headers: init, body: JSON.stringify({ question: QUESTION }) },
    peer(from),
  );
}

/** How many of TRIES questions were answered (the others got 429). */
async function answered(app: TestApp['app'], from: string, headersFor: (i: number) => HeadersInit) {
  let count = 0;
  for (let i = 0; i < TRIES; i++) {
    const response = await ask(app, from, headersFor(i));
    if (response.status === 200) count++;
    else expect(response.status).toBe(429);
  }
  return count;
}

const chatApp = (trustProxy: string) =>
  createTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: trustProxy } }).app;

describe('the client address behind TRUST_PROXY', () => {
  describe('when a client that is not a proxy sends X-Forwarded-For', () => {
    it('counts its socket address, whatever the right-most entry says', async () => {
      const app = chatApp('true');
      const count = await answered(app, '198.51.100.50', (i) => ({
        'X-Forwarded-For': `203.0.113.9, 192.0.2.${i}`,
      }));
      expect(count).toBe(LIMIT);
    });

    it('counts its socket address, whatever a second X-Forwarded-For line says', async () => {
      const app = chatApp('true');
      const count = await answered(app, '198.51.100.50', (i) => [
        ['X-Forwarded-For', '203.0.113.9'],
        ['X-Forwarded-For', `192.0.2.${i}`],
      ]);
      expect(count).toBe(LIMIT);
    });
  });

  describe('when the request comes through the trusted proxy', () => {
    it('counts the address the proxy appended, not the entries the client wrote left of it', async () => {
      const app = chatApp('true');
      const count = await answered(app, '127.0.0.1', (i) => ({
        'X-Forwarded-For': `192.0.2.${i}, 203.0.113.9`,
      }));
      expect(count).toBe(LIMIT);
      // Another resident behind the same proxy keeps their own count.
      expect((await ask(app, '127.0.0.1', { 'X-Forwarded-For': '203.0.113.10' })).status).toBe(200);
    });

    it('reads several X-Forwarded-For lines as one list, in order', async () => {
      const app = chatApp('127.0.0.1');
      // A proxy that adds its own line after the client's (HAProxy's `option forwardfor`).
      const count = await answered(app, '127.0.0.1', (i) => [
        ['X-Forwarded-For', `192.0.2.${i}`],
        ['X-Forwarded-For', '203.0.113.9'],
      ]);
      expect(count).toBe(LIMIT);
    });

    it('walks back over every trusted proxy listed by address or network', async () => {
      const app = chatApp('10.0.0.0/8, 192.168.1.1');
      const via = (i: number) => ({ 'X-Forwarded-For': `192.0.2.${i}, 203.0.113.9, 10.1.2.3` });
      expect(await answered(app, '192.168.1.1', via)).toBe(LIMIT);
      expect((await ask(app, '192.168.1.1', { 'X-Forwarded-For': '203.0.113.10, 10.1.2.3' })).status).toBe(
        200,
      );
    });

    it('takes the entry as many hops back as TRUST_PROXY counts proxies', async () => {
      const app = chatApp('2');
      const via = (i: number) => ({ 'X-Forwarded-For': `192.0.2.${i}, 203.0.113.9, 10.1.2.3` });
      expect(await answered(app, '10.0.0.2', via)).toBe(LIMIT);
    });
  });
});

describe('over a real socket', () => {
  /** Posts a question with raw header lines (an array is sent as that many lines); the status. */
  function post(port: number, forwardedLines: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ question: QUESTION });
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/chat',
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedLines },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function countAnswered(trustProxy: string, linesFor: (i: number) => string[]): Promise<number> {
    const app = chatApp(trustProxy);
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      let count = 0;
      for (let i = 0; i < TRIES; i++) if ((await post(port, linesFor(i))) === 200) count++;
      return count;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('ignores every X-Forwarded-For line from a client that is not the proxy', async () => {
    expect(await countAnswered('10.0.0.1', (i) => ['203.0.113.9', `192.0.2.${i}`])).toBe(LIMIT);
  });

  it('reads the lines a trusted proxy passes as one list, its own last', async () => {
    // The test plays a proxy on this machine that adds its line after the client's.
    expect(await countAnswered('true', (i) => [`192.0.2.${i}`, '203.0.113.9'])).toBe(LIMIT);
  });
});

describe('failed authentications from many addresses', () => {
  const adminApp = () =>
    createTestApp({ env: { ADMIN_TOKEN, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0' } }).app;
  const guess = (app: TestApp['app'], i: number, token: string) =>
    app.request(
      '/admin/report',
      { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': `192.0.2.${i}` } },
      peer('127.0.0.1'),
    );

  it('stop being checked past a limit that no address escapes, even for the right token', async () => {
    const app = adminApp();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await guess(app, i, `mauvais-jeton-${i}-0123456789`)).status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThan(40);
    expect(statuses.at(-1)).toBe(429);
    const right = await guess(app, 99, ADMIN_TOKEN);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await right.json()).error.message).toMatch(/Trop de jetons d'administration erronés/);
  });

  it('leave the admin in when there were only a few', async () => {
    const app = adminApp();
    for (let i = 0; i < 3; i++)
      expect((await guess(app, i, `mauvais-jeton-${i}-0123456789`)).status).toBe(401);
    expect((await guess(app, 9, ADMIN_TOKEN)).status).toBe(200);
  });
});
