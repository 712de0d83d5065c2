/**
 * A limit on failed authentications that no address escapes: past `max` failures in a sliding
 * window, further attempts are refused before any secret is compared, from anywhere. The per-client
 * limits stop one address; this stops many (a botnet, or a client that forges its address). It can
 * keep the rightful user out while an attack lasts: that is the price of a secret that cannot be
 * guessed, and the agents' own browsers are spared it (device-cookie.ts).
 */

export interface FailureBudgetOptions {
  /** Failures allowed in the window; the next attempt waits until the oldest leaves it. */
  max: number;
  windowMs: number;
  now?: () => number;
}

export interface FailureBudget {
  /** 0 when an attempt may be checked, else the seconds until one may. */
  wait(): number;
  /** A wrong secret. */
  fail(): void;
}

export function createFailureBudget({ max, windowMs, now = Date.now }: FailureBudgetOptions): FailureBudget {
  // At most `max` times, oldest first: memory stays bounded whatever an attacker sends.
  const failures: number[] = [];
  const forgetOld = (at: number) => {
    while (failures.length > 0 && (failures[0] ?? 0) <= at - windowMs) failures.shift();
  };
  return {
    wait() {
      const at = now();
      forgetOld(at);
      if (failures.length < max) return 0;
      return Math.max(1, Math.ceil(((failures[0] ?? at) + windowMs - at) / 1000));
    },
    fail() {
      const at = now();
      forgetOld(at);
      failures.push(at);
      if (failures.length > max) failures.shift();
    },
  };
}

/** « 3 minutes », « 1 minute »: a French wait, rounded up to the minute. */
export function minutesToWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}
