/**
 * What a resident would notice while the service works: request loops (one request at a time each,
 * bounded in count and time) that record every latency, and the resident memory of a process and its
 * children, read from /proc (Linux) so the service needs no hook of its own.
 */
import { readFileSync } from 'node:fs';

/** No request waits longer: a stall longer than this is reported as this, not waited for. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

export interface Loop {
  samples: Sample[];
  stop(): Promise<void>;
}

/** Sends `request()` again and again (after `pauseMs`) until stopped or `maxRequests` were sent. */
export function startLoop(request: () => Promise<Response>, pauseMs: number, maxRequests: number): Loop {
  const samples: Sample[] = [];
  let stopped = false;
  const run = (async () => {
    for (let i = 0; i < maxRequests && !stopped; i++) {
      const at = performance.now();
      let ok = false;
      try {
        const response = await request();
        await response.arrayBuffer();
        ok = response.ok;
      } catch {
        ok = false;
      }
      samples.push({ at, ms: performance.now() - at, ok });
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await run;
    },
  };
}

export function timeoutSignal(): AbortSignal {
  return AbortSignal.timeout(REQUEST_TIMEOUT_MS);
}

/** The longest request that was in flight during [from, to] (ms), 0 if none. */
export function longestDuring(samples: Sample[], from: number, to: number): number {
  let longest = 0;
  for (const s of samples) if (s.at <= to && s.at + s.ms >= from) longest = Math.max(longest, s.ms);
  return longest;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Resident memory of `pid` and all its descendants (MB). */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop()!;
    kb += rssKb(next);
    queue.push(...children(next));
  }
  return kb / 1024;
}

export function processRssMb(pid: number): number {
  return rssKb(pid) / 1024;
}

/** Samples `treeRssMb(pid)` every `everyMs` until stopped; returns the peak. */
export function watchPeakRss(pid: number, everyMs: number): { stop(): number } {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMb(pid));
    },
  };
}
