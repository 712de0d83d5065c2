/**
 * Brute-force protection for the console's sign-in form. Failures are counted per key (the hashed
 * client address, and the name typed); past a few, the key is locked for a delay that doubles with
 * each further failure, up to a cap. While a key is locked its attempts are refused before any
 * secret is compared, and are not counted: the lock cannot be stretched past the cap, and a locked
 * attempt takes the same time whether its password was right or not.
 *
 * Counting by address alone would let a botnet try one agent's passwords without end, so names are
 * locked too. Locking a name would then let anyone who knows it keep that agent out; the routes
 * count a browser where the agent signed in before against its device cookie instead of the name
 * (device-cookie.ts), so the lock keeps out only browsers the agent never used.
 */

/** Enough for a few typos and a forgotten Caps Lock. */
export const FREE_FAILURES = 5;
/** The first lock; each failure after it doubles the lock. */
export const FIRST_LOCK_MS = 60_000;
/** The longest lock: an attacker gets a handful of guesses an hour, an agent waits a coffee break. */
export const MAX_LOCK_MS = 15 * 60_000;
/** A key with no failure for this long starts again from zero (longer than any lock). */
export const FORGET_AFTER_MS = 60 * 60_000;
/** Each entry is ~100 bytes: 10,000 keys stay under a few MB, whatever an attacker sends. */
export const MAX_KEYS = 10_000;

export interface LoginThrottleOptions {
  now?: () => number;
  maxKeys?: number;
}

export interface LoginThrottle {
  /** 0 when an attempt for these keys may be checked, else the seconds to wait (the longest lock). */
  wait(keys: readonly string[]): number;
  /** A wrong attempt: counted against every key, locking those that pass the free failures. */
  fail(keys: readonly string[]): void;
  /** A right attempt: the keys start again from zero. */
  succeed(keys: readonly string[]): void;
  /** Keys remembered (for tests of the memory bound). */
  readonly size: number;
}

interface Failures {
  count: number;
  last: number;
  lockedUntil: number;
}

function lockMs(count: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** (count - FREE_FAILURES), MAX_LOCK_MS);
}

export function createLoginThrottle({
  now = Date.now,
  maxKeys = MAX_KEYS,
}: LoginThrottleOptions = {}): LoginThrottle {
  // Kept in order of last failure (an entry is re-inserted on each), so the oldest come first.
  const failures = new Map<string, Failures>();

  const current = (key: string, at: number): Failures | undefined => {
    const entry = failures.get(key);
    if (entry && entry.last <= at - FORGET_AFTER_MS) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };

  /** Makes room for one more key: forget the stale ones, else the one idle the longest. */
  const makeRoom = (at: number) => {
    for (const [key, entry] of failures) {
      if (failures.size < maxKeys) return;
      if (entry.last <= at - FORGET_AFTER_MS) failures.delete(key);
      else break;
    }
    if (failures.size >= maxKeys) {
      const oldest = failures.keys().next().value;
      if (oldest !== undefined) failures.delete(oldest);
    }
  };

  return {
    wait(keys) {
      const at = now();
      let wait = 0;
      for (const key of keys) {
        const lockedUntil = current(key, at)?.lockedUntil ?? 0;
        wait = Math.max(wait, lockedUntil - at);
      }
      return wait > 0 ? Math.ceil(wait / 1000) : 0;
    },

    fail(keys) {
      const at = now();
      for (const key of keys) {
        const entry = current(key, at) ?? { count: 0, last: at, lockedUntil: 0 };
        // A locked key is refused before being checked; should a caller count it anyway, the lock
        // still does not move.
        if (entry.lockedUntil > at) continue;
        entry.count += 1;
        entry.last = at;
        if (entry.count >= FREE_FAILURES) entry.lockedUntil = at + lockMs(entry.count);
        failures.delete(key);
        makeRoom(at);
        failures.set(key, entry);
      }
    },

    succeed(keys) {
      for (const key of keys) failures.delete(key);
    },

    get size() {
      return failures.size;
    },
  };
}
