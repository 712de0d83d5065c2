/**
 * The store's calls at the routes, guarded: a store that cannot write (a full disk: SQLITE_FULL,
 * a read-only file, a broken disk) must never stop a resident's answer. The failure is logged with
 * its operation and code, counted, and reported by the `store` health check until a later call
 * succeeds, which is how it recovers by itself once space is back.
 */
import type { Logger } from 'pino';
import type { HealthCheck } from './registry.ts';

/** SQLite's and Node's names for "no space left". */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

interface Failing {
  since: Date;
  failures: number;
  code: string | undefined;
}

export interface StoreGuard {
  /** `fn()`, or `fallback()` when the store throws (logged and counted). */
  attempt<T>(operation: string, fn: () => T, fallback: () => T): T;
  /** Store failures since the process started. */
  failures(): number;
  check: HealthCheck;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(failing: Failing): string {
  const count = `${failing.failures} opération${failing.failures > 1 ? 's' : ''} en échec`;
  if (failing.code && DISK_FULL_CODES.has(failing.code)) {
    return `disque plein : les conversations et les avis ne sont plus enregistrés (${count}) ; les réponses continuent`;
  }
  return `le stockage des conversations ne répond plus (${failing.code ?? 'erreur'}, ${count}) ; les réponses continuent`;
}

export function createStoreGuard(logger: Logger): StoreGuard {
  let failing: Failing | undefined;
  let total = 0;

  return {
    attempt(operation, fn, fallback) {
      let result: ReturnType<typeof fn>;
      try {
        result = fn();
      } catch (error) {
        total++;
        const code = errorCode(error);
        failing = failing
          ? { ...failing, failures: failing.failures + 1, code }
          : { since: new Date(), failures: 1, code };
        logger.error(
          { err: error, operation, code, storeFailures: total },
          'store call failed; answering without it',
        );
        return fallback();
      }
      if (failing) {
        logger.warn({ operation, failedFor: failing.failures }, 'store calls succeed again');
        failing = undefined;
      }
      return result;
    },
    failures: () => total,
    check: {
      name: 'store',
      check: () =>
        failing
          ? {
              ok: false,
              reason: describe(failing),
              since: failing.since.toISOString(),
              failures: failing.failures,
            }
          : { ok: true },
    },
  };
}
