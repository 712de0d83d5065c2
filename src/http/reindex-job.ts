/**
 * One reindex at a time, in the background. The assistant builds the new index beside the current
 * one and swaps it in, so questions keep being answered meanwhile; a failure is kept in the status
 * and the current index goes on serving. An ingestion that another program holds (the command line)
 * is refused before starting, naming its holder, rather than accepted and then failed.
 */
import type { Logger } from 'pino';
import type { AssistantService, ReindexReport } from '../assistant/types.ts';
import { describeHolder, IngestBusyError, type LockHolder } from '../ingest/lock.ts';
import { isDiskFull } from '../ingest/orphans.ts';
import type { ReindexStatus } from './schemas.ts';

export type ReindexStart =
  | { started: true }
  | { started: false; reason: 'running' }
  | { started: false; reason: 'locked'; holder: LockHolder };

export interface ReindexJob {
  start(assistant: AssistantService): Promise<ReindexStart>;
  status(): ReindexStatus;
  /** Resolves when no run is going on (tests, shutdown). */
  settled(): Promise<void>;
}

export interface ReindexJobOptions {
  /** Who holds the ingestion lock, if another process does (`readIngestLock` on the index folder). */
  lockHolder?: () => Promise<LockHolder | undefined>;
}

export const REINDEX_FAILED_MESSAGE = "La réindexation a échoué ; l'index précédent reste en service.";
export const REINDEX_DISK_FULL_MESSAGE =
  "La réindexation a échoué : le disque est plein. L'index précédent reste en service ; libérez de l'espace puis relancez-la.";

export function busyMessage(holder: LockHolder): string {
  return `Une indexation est déjà en cours, lancée par ${describeHolder(holder)}. Réessayez quand elle sera terminée.`;
}

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** The new version is live even when some files failed: that is a success, with failures listed. */
export function successMessage(report: ReindexReport): string {
  const failed = report.failed.length;
  return failed === 0
    ? 'Réindexation réussie.'
    : `Réindexation réussie, ${plural(failed, 'fichier')} en échec (voir report.failed) : ${
        failed > 1 ? 'leurs versions précédentes restent' : 'sa version précédente reste'
      } en service s'il y en avait une.`;
}

function failureMessage(error: unknown): string {
  if (error instanceof IngestBusyError) return busyMessage(error.holder);
  if (isDiskFull(error)) return REINDEX_DISK_FULL_MESSAGE;
  return REINDEX_FAILED_MESSAGE;
}

export function createReindexJob(logger: Logger, options: ReindexJobOptions = {}): ReindexJob {
  let status: ReindexStatus = { state: 'idle' };
  let running: Promise<void> | undefined;
  let starting = false;

  function run(assistant: AssistantService): void {
    const startedAt = new Date().toISOString();
    status = { state: 'running', startedAt };
    logger.info('reindex started');
    running = assistant
      .reindex()
      .then(
        (report) => {
          status = {
            state: 'succeeded',
            startedAt,
            finishedAt: new Date().toISOString(),
            message: successMessage(report),
            report,
          };
          logger.info(
            { ok: report.ok, durationMs: report.durationMs, failed: report.failed.length },
            'reindex finished',
          );
        },
        (error: unknown) => {
          const message = failureMessage(error);
          status = {
            state: 'failed',
            startedAt,
            finishedAt: new Date().toISOString(),
            message,
            error: message,
          };
          logger.error({ err: error }, 'reindex failed');
        },
      )
      .finally(() => {
        running = undefined;
      });
  }

  return {
    async start(assistant) {
      if (running || starting) return { started: false, reason: 'running' };
      starting = true;
      try {
        const holder = await options.lockHolder?.();
        if (holder) return { started: false, reason: 'locked', holder };
        run(assistant);
        return { started: true };
      } finally {
        starting = false;
      }
    },
    status: () => status,
    settled: async () => {
      await running;
    },
  };
}
