/**
 * How far a long ingestion has gone and how long it has left, from its events: files read, then
 * passages embedded, each with its rate and an estimate of the time left. Shared by the terminal
 * printer (./report.ts) and the service's log, so both say the same thing.
 */
import type { IngestEvent } from './pipeline.ts';

export interface Progress {
  phase: 'read' | 'embed';
  done: number;
  total: number;
  /** Files (reading) or passages (embedding) per second since the phase began; unknown at its start. */
  perSecond?: number;
  /** At the current rate; unknown until something is done. */
  secondsLeft?: number;
  /** The file being read. */
  source?: string;
}

/**
 * A rate measured over less than this is mostly noise: the first batches include warming the model
 * and starting the helper process (a first estimate after 0.6 s said 3 min 24 s for a 14 s run).
 */
const MIN_MEASURED_MS = 2_000;

/** Returns a function that turns each event into the progress it marks (undefined for `start`). */
export function progressMeter(
  now: () => number = () => performance.now(),
): (event: IngestEvent) => Progress | undefined {
  let phase: Progress['phase'] | undefined;
  let phaseStarted = 0;
  let doneAtStart = 0;
  return (event) => {
    if (event.type === 'start') return undefined;
    const [current, done, total] =
      event.type === 'file'
        ? (['read', event.index, event.files] as const)
        : (['embed', event.done, event.total] as const);
    if (phase !== current) {
      phase = current;
      phaseStarted = now();
      doneAtStart = done;
    }
    const progress: Progress = { phase: current, done, total };
    if (event.type === 'file') progress.source = event.source;
    const elapsed = now() - phaseStarted;
    if (elapsed >= MIN_MEASURED_MS && done > doneAtStart) {
      const perSecond = ((done - doneAtStart) * 1000) / elapsed;
      progress.perSecond = perSecond;
      progress.secondsLeft = (total - done) / perSecond;
    }
    return progress;
  };
}

/** `45 s`, `3 min 05 s`, `1 h 02 min`: what a person reads at a glance. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** One line: `passages 3 200/10 000 (32 %) — 310 passages/s — reste ~22 s`. */
export function formatProgress(progress: Progress): string {
  const unit = progress.phase === 'read' ? 'fichiers' : 'passages';
  const verb = progress.phase === 'read' ? 'lecture' : 'vecteurs';
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100;
  const parts = [`${verb} ${progress.done}/${progress.total} ${unit} (${percent} %)`];
  if (progress.perSecond !== undefined) {
    parts.push(`${progress.perSecond.toFixed(progress.perSecond < 10 ? 1 : 0)} ${unit}/s`);
  }
  if (progress.secondsLeft !== undefined && progress.done < progress.total) {
    parts.push(`reste ~${formatDuration(progress.secondsLeft)}`);
  }
  return parts.join(' — ');
}
