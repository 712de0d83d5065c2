/**
 * What `/ready` reports besides "an index is loaded": a small registry of independent checks, each
 * saying whether its part works and, when not, why in French. The service still answers when one
 * fails (it is degraded, not down); operators read the reasons. Adding a check (an embeddings server
 * that no longer answers, say) is one `register` call in `src/http/app.ts`.
 */

export interface HealthResult {
  ok: boolean;
  /** Why not, in French, for the operator reading `/ready`; no path, no secret. */
  reason?: string;
  /** Since when it fails (ISO date), when the check knows. */
  since?: string;
  /** How many operations failed meanwhile, when the check counts them. */
  failures?: number;
}

export interface HealthCheck {
  /** Short and stable (`store`, `disk`): monitoring keys on it. */
  name: string;
  check(): HealthResult | Promise<HealthResult>;
}

export interface Degradation extends Omit<HealthResult, 'ok'> {
  check: string;
  reason: string;
}

export interface HealthRegistry {
  register(check: HealthCheck): void;
  /** The checks that fail, in registration order; empty when all is well. */
  degradations(): Promise<Degradation[]>;
}

/** A check that takes longer is reported as failing: `/ready` must answer fast, whatever it probes. */
export const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<HealthResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `la vérification « ${check.name} » ne répond pas` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), late]);
  } catch {
    return { ok: false, reason: `la vérification « ${check.name} » a échoué` };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRegistry(
  checks: HealthCheck[] = [],
  options: { timeoutMs?: number } = {},
): HealthRegistry {
  const registered = [...checks];
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  return {
    register(check) {
      if (registered.some((c) => c.name === check.name)) {
        throw new Error(`health check "${check.name}" registered twice`);
      }
      registered.push(check);
    },
    async degradations() {
      const results = await Promise.all(registered.map((check) => runCheck(check, timeoutMs)));
      return results.flatMap(({ ok, reason, ...rest }, i) =>
        ok ? [] : [{ check: registered[i]!.name, reason: reason ?? 'en échec', ...rest }],
      );
    },
  };
}
