/**
 * Who is asking, for rate limiting only: the client address is read from the socket (or from
 * `X-Forwarded-For` behind a trusted proxy), turned into an HMAC with a per-process key, and
 * forgotten. The key never leaves memory, so the hash cannot be reversed from logs or the store.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

export interface ClientKeyOptions {
  trustProxy: boolean;
}

function clientAddress(c: Context<AppEnv>, options: ClientKeyOptions): string {
  if (options.trustProxy) {
    // The right-most entry is the one our proxy appended; entries left of it come from the
    // client and can be forged.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function createClientKeyer(options: ClientKeyOptions): (c: Context<AppEnv>) => string {
  const secret = randomBytes(32);
  return (c) =>
    createHmac('sha256', secret).update(clientAddress(c, options)).digest('base64url').slice(0, 22);
}
