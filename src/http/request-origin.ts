/**
 * The origin the client typed, which is not always the one the server sees: a TLS-terminating proxy
 * talks plain HTTP to us and may rewrite `Host`. `PUBLIC_URL` says it once for all; otherwise the
 * proxy's `X-Forwarded-Proto` and `X-Forwarded-Host` are read, but only from a proxy `TRUST_PROXY`
 * believes (proxy-trust.ts): anyone else could send them.
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { ProxyTrust } from './proxy-trust.ts';

export interface RequestOriginOptions {
  proxy: ProxyTrust;
  /** `PUBLIC_URL` as an origin (`https://citadoc.ales.fr`), when set. */
  publicUrl?: string;
}

export interface RequestOrigins {
  /** The host the request was addressed to (the proxy's forwarded one when believed). */
  host(c: Context<AppEnv>): string;
  /** `https://citadoc.ales.fr`: PUBLIC_URL, else the scheme and host the client used. */
  origin(c: Context<AppEnv>): string;
  /** Whether the client speaks HTTPS to us: then cookies are `Secure` and `__Host-`. */
  isHttps(c: Context<AppEnv>): boolean;
}

/** The first entry is the one the client-facing proxy wrote (each later hop appends its own). */
function forwarded(c: Context, name: string): string | undefined {
  return c.req.header(name)?.split(',')[0]?.trim() || undefined;
}

export function createRequestOrigins({ proxy, publicUrl }: RequestOriginOptions): RequestOrigins {
  const host = (c: Context<AppEnv>) =>
    (proxy.believes(c) ? forwarded(c, 'x-forwarded-host') : undefined) ||
    c.req.header('host') ||
    new URL(c.req.url).host;

  const origin = (c: Context<AppEnv>) => {
    if (publicUrl) return publicUrl;
    const url = new URL(c.req.url);
    if (!proxy.believes(c)) return url.origin;
    const proto = forwarded(c, 'x-forwarded-proto')?.toLowerCase();
    const scheme = proto === 'http' || proto === 'https' ? `${proto}:` : url.protocol;
    const typed = `${scheme}//${forwarded(c, 'x-forwarded-host') ?? url.host}`;
    // A malformed forwarded host must not turn every link into garbage.
    return URL.canParse(typed) ? new URL(typed).origin : url.origin;
  };

  return { host, origin, isHttps: (c) => origin(c).startsWith('https:') };
}
