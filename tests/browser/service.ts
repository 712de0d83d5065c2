/**
 * The real service (src/server.ts), started in-process on a free port with its default corpus and
 * no rate limit, for the widget's browser tests. Resolves once the assistant can answer.
 */
import type { RunningServer } from '../../src/server.ts';
import { startServer } from '../../src/server.ts';

export type WidgetService = Pick<RunningServer, 'url' | 'port' | 'close'>;

export async function startWidgetService(): Promise<WidgetService> {
  const service = await startServer({ port: 0, rateLimitPerMinute: 0, logLevel: 'warn' });
  await service.loaded;
  return service;
}
