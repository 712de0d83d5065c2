/**
 * Who is asking, for rate limiting only: the client address (the socket's, or the hop our trusted
 * proxies saw: proxy-trust.ts) turned into an HMAC with a per-process key, and forgotten. The key
 * never leaves memory, so the hash cannot be reversed from logs or the store.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { ProxyTrust } from './proxy-trust.ts';

export function createClientKeyer(proxy: ProxyTrust): (c: Context<AppEnv>) => string {
  const secret = randomBytes(32);
  return (c) => createHmac('sha256', secret).update(proxy.clientAddress(c)).digest('base64url').slice(0, 22);
}
