/**
 * Loading a version on a thread that answers meanwhile: the load runs in slices of a few
 * milliseconds (./lexical.ts, ./store.ts), and between two slices it gives way to the questions the
 * thread is answering. Letting the event loop turn was not enough: a question awaits several times
 * (its vector, its graph search, its passages), and a slice ran at each of those turns, so at
 * 100,000 passages a question answered during a reload waited for several slices, and under load
 * with one answer thread a few times as many took over 100 ms as without a reload
 * (`npm run bench:scale`, the control row).
 *
 * A thread's answering counts itself in (`answering`); `giveWay` lets the event loop turn, then,
 * while a question is in progress, waits until none is, or until `MAX_WAIT_MS` have passed, so that
 * under a steady flow of questions the load still moves on, more slowly.
 */

/** The longest a slice waits for questions in progress: the load runs at least one slice in so many ms. */
export const MAX_WAIT_MS = 25;

let inProgress = 0;
let waiting: (() => void)[] = [];

/** Counts a question in; call what it returns when it is answered (or failed). */
export function answering(): () => void {
  inProgress++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    inProgress--;
    if (inProgress === 0) release();
  };
}

function release(): void {
  const resume = waiting;
  waiting = [];
  for (const go of resume) go();
}

/** Questions this thread is answering now. */
export function questionsInProgress(): number {
  return inProgress;
}

/** A slice of background work: this long (ms) before the thread gives way (a lexical index's load too). */
export const SLICE_MS = 8;

/**
 * `f` of each item, in slices of `SLICE_MS` with `giveWay` between two: what checking a
 * version's documents one by one needs on a thread that serves meanwhile (a whole manifest at
 * 100,000 passages held the service's main thread for 30 to 80 ms at each switch).
 */
export async function mapInSlices<T, U>(items: readonly T[], f: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  await runInSlices(
    (function* () {
      for (const item of items) {
        out.push(f(item));
        yield;
      }
    })(),
  );
  return out;
}

/** Runs steps, giving way to the thread's questions each time `sliceMs` have passed. */
export async function runInSlices(steps: Iterable<void>, sliceMs = SLICE_MS): Promise<void> {
  let sliceStart = performance.now();
  for (const _ of steps) {
    if (performance.now() - sliceStart < sliceMs) continue;
    await giveWay();
    sliceStart = performance.now();
  }
}

/** Between two slices of background work: the event loop turns, and questions in progress go first. */
export async function giveWay(maxWaitMs = MAX_WAIT_MS): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (inProgress === 0) return;
  await new Promise<void>((resolve) => {
    const go = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waiting = waiting.filter((w) => w !== go);
      resolve();
    }, maxWaitMs);
    waiting.push(go);
  });
}
