/** `GET /health` (the process answers) and `GET /ready` (an index is loaded: questions can be asked). */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type AssistantRef, isReady, NOT_READY_MESSAGE } from '../assistant-ref.ts';

export function healthRoutes(options: { assistant: AssistantRef }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const noStore = { 'Cache-Control': 'no-store' };

  app.get('/health', (c) => c.json({ status: 'ok' }, 200, noStore));

  app.get('/ready', (c) =>
    isReady(options.assistant)
      ? c.json({ ready: true }, 200, noStore)
      : c.json({ ready: false, error: { code: 'not_ready', message: NOT_READY_MESSAGE } }, 503, {
          ...noStore,
          'Retry-After': '5',
        }),
  );

  return app;
}
