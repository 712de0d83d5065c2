/**
 * The origin the client typed, which is not always the one the server sees: a TLS-terminating proxy
 * talks plain HTTP to us and may rewrite `Host`. Its `X-Forwarded-Proto` and `X-Forwarded-Host`
 * are read only under `TRUST_PROXY`; without a proxy in front, anyone could send them.
 */
import type { Context } from 'hono';

/** The first entry is the one the client-facing proxy wrote (each later hop appends its own). */
function forwarded(c: Context, name: string): string | undefined {
  return c.req.header(name)?.split(',')[0]?.trim() || undefined;
}

export function requestHost(c: Context, trustProxy: boolean): string {
  return (
    (trustProxy ? forwarded(c, 'x-forwarded-host') : undefined) ||
    c.req.header('host') ||
    new URL(c.req.url).host
  );
}

/** `https://console.example` behind a proxy that terminated TLS, else the request URL's origin. */
export function requestOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (!trustProxy) return url.origin;
  const proto = forwarded(c, 'x-forwarded-proto')?.toLowerCase();
  const scheme = proto === 'http' || proto === 'https' ? `${proto}:` : url.protocol;
  const origin = `${scheme}//${forwarded(c, 'x-forwarded-host') ?? url.host}`;
  // A malformed forwarded host must not turn every link into garbage.
  return URL.canParse(origin) ? new URL(origin).origin : url.origin;
}
