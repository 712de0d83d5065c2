/**
 * Device cookies, after OWASP's "Slow down online guessing attacks with device cookies". A browser
 * where an agent has signed in gets a long-lived signed cookie naming that agent. Sign-ins from it
 * for that name are then counted against that cookie alone, not against the name: someone who knows
 * an agent's name can lock it out of other browsers, not out of the one at the agent's desk, and a
 * password guesser gains nothing (the cookie is signed, and its own failures lock it).
 *
 * One cookie per name (its name carries a digest of the agent's), so colleagues sharing a front-desk
 * computer each keep theirs. It proves only that the browser once signed in as that agent: it never
 * opens a session by itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { cookieSecurity, type SecureCookies } from './cookie-security.ts';

/** Half a year: an agent who signs in at least that often keeps the browser trusted. */
export const DEVICE_COOKIE_DAYS = 180;
const DEVICE_COOKIE_MS = DEVICE_COOKIE_DAYS * 24 * 60 * 60 * 1000;

export interface DeviceCookieOptions {
  sessionSecret: string;
  secureCookies: SecureCookies;
  now?: () => number;
}

export interface DeviceCookies {
  /** After a right sign-in: (re)issues the cookie for this agent. */
  issue(c: Context, agent: string): Promise<void>;
  /** This browser's device id for the agent named, when it holds a valid cookie for that name. */
  read(c: Context, agent: string): Promise<string | undefined>;
}

function cookieName(agent: string): string {
  return `citadoc_device_${createHash('sha256').update(agent, 'utf8').digest('base64url').slice(0, 16)}`;
}

export function createDeviceCookies({
  sessionSecret,
  secureCookies,
  now = Date.now,
}: DeviceCookieOptions): DeviceCookies {
  return {
    async issue(c, agent) {
      const id = randomBytes(16).toString('base64url');
      await setSignedCookie(
        c,
        cookieName(agent),
        [encodeURIComponent(agent), id, now()].join('|'),
        sessionSecret,
        {
          path: '/',
          httpOnly: true,
          sameSite: 'Strict',
          maxAge: DEVICE_COOKIE_MS / 1000,
          ...cookieSecurity(secureCookies(c)).options,
        },
      );
    },

    async read(c, agent) {
      const value = await getSignedCookie(
        c,
        sessionSecret,
        cookieName(agent),
        cookieSecurity(secureCookies(c)).prefix,
      );
      if (!value) return undefined;
      const [rawAgent = '', id = '', rawIssued = ''] = value.split('|');
      const issued = Number(rawIssued);
      if (decodeURIComponent(rawAgent) !== agent || !id) return undefined;
      return issued > now() - DEVICE_COOKIE_MS ? id : undefined;
    },
  };
}
