import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_PROXIES, type TrustProxy } from '../config.ts';
import type { AppEnv } from './app-env.ts';
import { createProxyTrust } from './proxy-trust.ts';
import { createRequestOrigins } from './request-origin.ts';

/** What the service would take from one request: the client, and the origin the client typed. */
async function seen(
  setting: TrustProxy,
  socket: string | undefined,
  headers: HeadersInit,
  publicUrl?: string,
): Promise<{ client: string; believed: boolean; origin: string; https: boolean }> {
  const proxy = createProxyTrust(setting);
  const origins = createRequestOrigins({ proxy, publicUrl });
  const app = new Hono<AppEnv>().get('/', (c) =>
    c.json({
      client: proxy.clientAddress(c),
      believed: proxy.believes(c),
      origin: origins.origin(c),
      https: origins.isHttps(c),
    }),
  );
  const env = socket ? { incoming: { socket: { remoteAddress: socket } } } : undefined;
  const response = await app.request('http://127.0.0.1:8787/', { headers }, env as AppEnv['Bindings']);
  return response.json();
}

const TLS = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'citadoc.ales.fr' };

describe('createProxyTrust', () => {
  describe('with no proxy trusted', () => {
    it('takes the socket and reads no X-Forwarded-* header', async () => {
      expect(await seen(false, '203.0.113.9', { 'X-Forwarded-For': '192.0.2.1', ...TLS })).toEqual({
        client: '203.0.113.9',
        believed: false,
        origin: 'http://127.0.0.1:8787',
        https: false,
      });
    });
  });

  describe('with the proxies named', () => {
    const local: TrustProxy = { proxies: LOOPBACK_PROXIES };

    it('believes a request from one of them: the address it appended, the scheme it saw', async () => {
      expect(await seen(local, '127.0.0.1', { 'X-Forwarded-For': '192.0.2.1, 203.0.113.9', ...TLS })).toEqual(
        { client: '203.0.113.9', believed: true, origin: 'https://citadoc.ales.fr', https: true },
      );
    });

    it('recognises an IPv4 proxy behind an IPv6 socket (::ffff:127.0.0.1)', async () => {
      expect((await seen(local, '::ffff:127.0.0.1', { 'X-Forwarded-For': '203.0.113.9' })).client).toBe(
        '203.0.113.9',
      );
    });

    it('believes nothing from anyone else, nor from a request with no socket', async () => {
      for (const socket of ['198.51.100.7', undefined]) {
        const result = await seen(local, socket, { 'X-Forwarded-For': '203.0.113.9', ...TLS });
        expect(result).toMatchObject({ believed: false, https: false });
        expect(result.client).toBe(socket ?? 'unknown');
      }
    });

    it('stops at the first address that is not a proxy, even an invalid one', async () => {
      const chain = { proxies: ['10.0.0.0/8'] };
      expect(
        (await seen(chain, '10.0.0.1', { 'X-Forwarded-For': '1.1.1.1, garbage, 10.2.2.2' })).client,
      ).toBe('garbage');
    });

    it('takes the left-most entry when every hop is a proxy', async () => {
      const chain = { proxies: ['10.0.0.0/8'] };
      expect((await seen(chain, '10.0.0.1', { 'X-Forwarded-For': '10.3.3.3, 10.2.2.2' })).client).toBe(
        '10.3.3.3',
      );
    });
  });

  describe('with a number of hops', () => {
    it('takes that many entries back from the socket', async () => {
      const headers = { 'X-Forwarded-For': '192.0.2.1, 203.0.113.9, 10.0.0.5' };
      expect((await seen({ hops: 1 }, '10.0.0.9', headers)).client).toBe('10.0.0.5');
      expect((await seen({ hops: 2 }, '10.0.0.9', headers)).client).toBe('203.0.113.9');
    });

    it('takes the left-most entry when the list is shorter than the hops', async () => {
      expect((await seen({ hops: 3 }, '10.0.0.9', { 'X-Forwarded-For': '203.0.113.9' })).client).toBe(
        '203.0.113.9',
      );
    });
  });
});

describe('createRequestOrigins with PUBLIC_URL', () => {
  it('uses it for links and cookies, whatever the request or a forged header says', async () => {
    const forged = { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'evil.example' };
    expect(await seen(false, '198.51.100.7', forged, 'https://citadoc.ales.fr')).toMatchObject({
      origin: 'https://citadoc.ales.fr',
      https: true,
    });
  });
});
