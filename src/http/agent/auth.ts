/**
 * Who may use the front-desk console. Staff sign in with a name and password from `AGENT_USERS`
 * or with `AGENT_TOKEN`, and get a signed session cookie for 8 hours; scripts send the token as a
 * bearer. With neither configured the console is closed. Secrets are compared in constant time,
 * and a session carries a fingerprint of the secret it was opened with, so changing a password or
 * the token ends the sessions opened with the old one. The cookie is `Secure` with the `__Host-`
 * prefix when the agent reaches us over HTTPS (request-origin.ts), whatever address we listen on.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { cookieSecurity, type SecureCookies } from './cookie-security.ts';

/** A working day at the front desk. */
export const SESSION_SECONDS = 8 * 60 * 60;
const COOKIE_NAME = 'citadoc_agent';

export interface AgentAuthOptions {
  agentToken?: string;
  /** `name:password,name:password` (already validated by the configuration). */
  agentUsers?: string;
  sessionSecret: string;
  secureCookies: SecureCookies;
}

export interface LoginInput {
  username?: string;
  password?: string;
  token?: string;
}

export interface AgentAuth {
  /** False when no way in is configured. */
  readonly open: boolean;
  /** The agent's name when the credentials are right (`jeton` for the token). */
  checkLogin(input: LoginInput): string | undefined;
  startSession(c: Context, agent: string): Promise<void>;
  endSession(c: Context): void;
  /** The agent behind a request (session cookie or bearer token), or undefined. */
  identify(c: Context): Promise<string | undefined>;
}

interface Credential {
  name: string;
  secret: string;
}

const TOKEN_AGENT = 'jeton';

export function parseAgentUsers(value: string | undefined): Credential[] {
  if (!value) return [];
  return value.split(',').flatMap((entry) => {
    const at = entry.indexOf(':');
    if (at <= 0) return [];
    const name = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    return name && secret ? [{ name, secret }] : [];
  });
}

/** Equal-length digests, so neither the length nor the first differing byte shows in the timing. */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function createAgentAuth(options: AgentAuthOptions): AgentAuth {
  const token = options.agentToken || undefined;
  const users = parseAgentUsers(options.agentUsers);
  const security = (c: Context) => cookieSecurity(options.secureCookies(c));
  const fingerprint = (credential: Credential) =>
    createHmac('sha256', options.sessionSecret)
      .update(`${credential.name}\0${credential.secret}`)
      .digest('base64url')
      .slice(0, 22);
  const credentialOf = (agent: string): Credential | undefined =>
    agent === TOKEN_AGENT && token
      ? { name: TOKEN_AGENT, secret: token }
      : users.find((u) => u.name === agent);

  return {
    open: token !== undefined || users.length > 0,

    checkLogin({ username = '', password = '', token: given = '' }) {
      if (given) return token && safeEqual(given, token) ? TOKEN_AGENT : undefined;
      if (!username || !password) return undefined;
      // Every entry is compared, so the time taken does not tell which names exist.
      let found: string | undefined;
      for (const user of users) {
        const match = safeEqual(username, user.name) && safeEqual(password, user.secret);
        if (match && found === undefined) found = user.name;
      }
      return found;
    },

    async startSession(c, agent) {
      const credential = credentialOf(agent);
      if (!credential) throw new Error(`no credential for agent ${agent}`);
      const expires = Date.now() + SESSION_SECONDS * 1000;
      const value = [encodeURIComponent(agent), expires, fingerprint(credential)].join('|');
      await setSignedCookie(c, COOKIE_NAME, value, options.sessionSecret, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        maxAge: SESSION_SECONDS,
        ...security(c).options,
      });
    },

    endSession(c) {
      deleteCookie(c, COOKIE_NAME, { path: '/', ...security(c).options });
    },

    async identify(c) {
      const authorization = c.req.header('authorization') ?? '';
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (bearer) return token && safeEqual(bearer, token) ? TOKEN_AGENT : undefined;
      const value = await getSignedCookie(c, options.sessionSecret, COOKIE_NAME, security(c).prefix);
      if (!value) return undefined;
      const [rawAgent = '', rawExpires = '', print = ''] = value.split('|');
      const agent = decodeURIComponent(rawAgent);
      if (!(Number(rawExpires) > Date.now())) return undefined;
      const credential = credentialOf(agent);
      return credential && safeEqual(print, fingerprint(credential)) ? agent : undefined;
    },
  };
}
