/**
 * A per-client sliding-window rate limit, in memory: each client key keeps the times of its
 * requests in the last window. Exact (no burst at window edges) and small at the limits a public
 * chat needs (tens per minute).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { ApiError } from './errors.ts';

const WINDOW_MS = 60_000;
/** Forget idle clients now and then, so the map does not grow with every address ever seen. */
const SWEEP_EVERY_REQUESTS = 1_000;

export interface RateLimitOptions {
  perMinute: number;
  now?: () => number;
}

export interface RateLimiter {
  /** 0 when the request may go on, else the seconds to wait. */
  take(key: string): number;
}

export function createRateLimiter({ perMinute, now = Date.now }: RateLimitOptions): RateLimiter {
  const hits = new Map<string, number[]>();
  let requests = 0;

  const sweep = (at: number) => {
    for (const [key, times] of hits) {
      if ((times.at(-1) ?? 0) <= at - WINDOW_MS) hits.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      if (++requests % SWEEP_EVERY_REQUESTS === 0) sweep(at);
      const times = (hits.get(key) ?? []).filter((time) => time > at - WINDOW_MS);
      if (times.length >= perMinute) {
        hits.set(key, times);
        return Math.max(1, Math.ceil((times[0]! + WINDOW_MS - at) / 1000));
      }
      times.push(at);
      hits.set(key, times);
      return 0;
    },
  };
}

/** `perMinute: 0` turns the limit off. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  if (options.perMinute <= 0) return (_c, next) => next();
  const limiter = createRateLimiter(options);
  return async (c, next) => {
    const wait = limiter.take(c.var.clientKey);
    if (wait > 0) {
      throw new ApiError(
        429,
        'rate_limited',
        `Trop de questions en peu de temps. Veuillez réessayer dans ${wait} seconde${wait > 1 ? 's' : ''}.`,
        { headers: { 'Retry-After': String(wait) } },
      );
    }
    await next();
  };
}
