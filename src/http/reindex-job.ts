/**
 * One reindex at a time, in the background. The assistant builds the new index beside the current
 * one and swaps it in, so questions keep being answered meanwhile; a failure is kept in the status
 * and the current index goes on serving.
 */
import type { Logger } from 'pino';
import type { AssistantService } from '../assistant/types.ts';
import type { ReindexStatus } from './schemas.ts';

export interface ReindexJob {
  /** False when a run is already going on. */
  start(assistant: AssistantService): boolean;
  status(): ReindexStatus;
  /** Resolves when no run is going on (tests, shutdown). */
  settled(): Promise<void>;
}

export const REINDEX_FAILED_MESSAGE = "La réindexation a échoué ; l'index précédent reste en service.";

export function createReindexJob(logger: Logger): ReindexJob {
  let status: ReindexStatus = { state: 'idle' };
  let running: Promise<void> | undefined;

  return {
    start(assistant) {
      if (running) return false;
      const startedAt = new Date().toISOString();
      status = { state: 'running', startedAt };
      logger.info('reindex started');
      running = assistant
        .reindex()
        .then(
          (report) => {
            status = {
              state: report.ok ? 'succeeded' : 'failed',
              startedAt,
              finishedAt: new Date().toISOString(),
              report,
            };
            logger.info(
              { ok: report.ok, durationMs: report.durationMs, failed: report.failed.length },
              'reindex finished',
            );
          },
          (error: unknown) => {
            status = {
              state: 'failed',
              startedAt,
              finishedAt: new Date().toISOString(),
              error: REINDEX_FAILED_MESSAGE,
            };
            logger.error({ err: error }, 'reindex failed');
          },
        )
        .finally(() => {
          running = undefined;
        });
      return true;
    },
    status: () => status,
    settled: async () => {
      await running;
    },
  };
}
