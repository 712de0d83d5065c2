/**
 * One structured line per request: route pattern, status, duration and ids. Never the question,
 * the query string, the client address or a header value (tokens, cookies).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from './app-env.ts';

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    // Our own id: one sent by the client would let it write into our logs.
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    logger.info(
      {
        requestId,
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
        ...(c.var.answerId ? { conversationId: c.var.conversationId, answerId: c.var.answerId } : {}),
      },
      'request',
    );
  };
}
