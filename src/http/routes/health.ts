/**
 * `GET /health` (the process answers) and `GET /ready` (an index is loaded: questions can be asked).
 * Once ready, `/ready` also runs the health checks (src/http/health/): when one fails it still
 * answers 200, since residents are still answered, with `status: 'degraded'` and the reasons.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, isReady, NOT_READY_MESSAGE } from '../assistant-ref.ts';
import type { HealthRegistry } from '../health/index.ts';
import type { ReadyResponse } from '../schemas.ts';

export function healthRoutes(options: { assistant: AssistantRef; health: HealthRegistry }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const noStore = { 'Cache-Control': 'no-store' };

  app.get('/health', (c) => c.json({ status: 'ok' }, 200, noStore));

  app.get('/ready', async (c) => {
    const reasons = await options.health.degradations();
    if (!isReady(options.assistant)) {
      const body: ReadyResponse = {
        ready: false,
        status: 'starting',
        reasons,
        error: { code: 'not_ready', message: NOT_READY_MESSAGE },
      };
      return c.json(body, 503, { ...noStore, 'Retry-After': '5' });
    }
    const body: ReadyResponse =
      reasons.length === 0
        ? { ready: true, status: 'ok', reasons }
        : { ready: true, status: 'degraded', reasons };
    return c.json(body, 200, noStore);
  });

  return app;
}
