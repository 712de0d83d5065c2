/**
 * Safe-by-default browser rules: security headers with a strict Content-Security-Policy, CORS only
 * for the configured origins, and a refusal of cross-site posts from any other origin (a browser
 * would block the response, but the question would still cost an answer).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';
import { ApiError } from './errors.ts';
import type { RequestOrigins } from './request-origin.ts';

/** Browsers may cache a preflight this long (seconds), sparing one round trip per question. */
const PREFLIGHT_MAX_AGE_S = 600;

export interface OriginPolicyOptions {
  allowedOrigins: string[];
  origins: RequestOrigins;
}

/** The service's own origin always works, whatever the list says. */
function isAllowedOrigin(origin: string, c: Context<AppEnv>, options: OriginPolicyOptions): boolean {
  if (options.allowedOrigins.includes(origin) || origin === options.origins.origin(c)) return true;
  return URL.canParse(origin) && new URL(origin).host === options.origins.host(c);
}

export function apiCors(options: OriginPolicyOptions): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (isAllowedOrigin(origin, c, options) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    // The widget reads Retry-After to tell the resident when to try again.
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
}

export function refuseForeignPosts(options: OriginPolicyOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'POST' && origin && !isAllowedOrigin(origin, c, options)) {
      throw new ApiError(403, 'origin_not_allowed', "Ce site n'est pas autorisé à interroger l'assistant.");
    }
    await next();
  };
}

export function securityHeaders(allowedOrigins: string[]): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Inline styles only (the demo page is one self-contained file); scripts stay external.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      // The sites allowed to call the API may also frame its pages (the demo, a document).
      frameAncestors: ["'self'", ...allowedOrigins],
    },
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    // Lets a route loosen one header on purpose (the widget script is loaded by other sites).
    overwrite: false,
  });
}
