/**
 * `Secure` and the `__Host-` prefix for the console's cookies, decided per request from the scheme
 * the agent uses (request-origin.ts), not from the address the service listens on: behind a TLS
 * proxy the service listens on 127.0.0.1, and its cookies must still never travel in clear.
 */
import type { Context } from 'hono';

/** Whether this request came over HTTPS. */
export type SecureCookies = (c: Context) => boolean;

export interface CookieSecurity {
  /** For `setCookie`/`deleteCookie`. */
  options: { secure: true; prefix: 'host' } | { secure: false };
  /** For `getSignedCookie`. */
  prefix: 'host' | undefined;
}

export function cookieSecurity(secure: boolean): CookieSecurity {
  return secure
    ? { options: { secure: true, prefix: 'host' }, prefix: 'host' }
    : { options: { secure: false }, prefix: undefined };
}
