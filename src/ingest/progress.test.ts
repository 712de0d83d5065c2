import { describe, expect, it } from 'vitest';
import type { IngestEvent } from './pipeline.ts';
import { formatDuration, progressMeter } from './progress.ts';
import { progressPrinter } from './report.ts';

/** A clock the test moves by hand, and a stream that keeps what is written. */
function fakes(isTTY: boolean) {
  const clock = { ms: 0 };
  const written: string[] = [];
  const stream = { isTTY, write: (chunk: string) => written.push(chunk) > 0 };
  return { clock, written, stream, now: () => clock.ms };
}

const embed = (done: number, total: number): IngestEvent => ({ type: 'embed', done, total });

describe('progressMeter', () => {
  it('measures the rate from the start of embedding, not from reading', () => {
    const { clock, now } = fakes(false);
    const meter = progressMeter(now);
    meter({ type: 'file', source: 'a.md', index: 0, files: 1 });
    clock.ms = 60_000; // reading and loading the model took a minute
    expect(meter(embed(0, 10_000))?.perSecond).toBeUndefined();
    clock.ms = 70_000;
    const progress = meter(embed(3_000, 10_000));
    expect(progress?.perSecond).toBeCloseTo(300);
    expect(progress?.secondsLeft).toBeCloseTo(7_000 / 300);
  });

  it('gives no estimate before two seconds are measured', () => {
    const { clock, now } = fakes(false);
    const meter = progressMeter(now);
    meter(embed(0, 10_000));
    clock.ms = 1_000; // the first batches, slowed by warming up
    expect(meter(embed(32, 10_000))?.secondsLeft).toBeUndefined();
    clock.ms = 3_000;
    expect(meter(embed(2_000, 10_000))?.secondsLeft).toBeCloseTo(12);
  });
});

describe('formatDuration', () => {
  it('reads at a glance', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3_725)).toBe('1 h 02 min');
  });
});

describe('progressPrinter', () => {
  describe('on a terminal', () => {
    it('rewrites one line with passages done, rate and time left, and ends it when done', () => {
      const { clock, written, stream, now } = fakes(true);
      const print = progressPrinter(stream, now);
      print(embed(0, 10_000));
      clock.ms = 10_000;
      print(embed(3_000, 10_000));
      clock.ms = 33_000;
      print(embed(10_000, 10_000));
      expect(written).toHaveLength(4);
      expect(written[1]).toBe(
        `\r\x1b[2K${'█'.repeat(7)}${'░'.repeat(17)} vecteurs 3000/10000 passages (30 %) — 300 passages/s — reste ~23 s`,
      );
      expect(written[2]).toMatch(/vecteurs 10000\/10000 passages \(100 %\)/);
      expect(written[2]).not.toMatch(/reste/);
      expect(written[3]).toBe('\n');
    });

    it('redraws at most ten times a second', () => {
      const { clock, written, stream, now } = fakes(true);
      const print = progressPrinter(stream, now);
      for (let i = 0; i < 1_000; i++) {
        clock.ms = i; // a thousand unchanged files in one second
        print({ type: 'file', source: `f${i}.md`, index: i, files: 2_000 });
      }
      expect(written.length).toBeLessThanOrEqual(10);
      print.end();
      expect(written.at(-1)).toBe('\n');
    });
  });

  describe('in a log', () => {
    it('writes plain lines, one every ten seconds, and the last one', () => {
      const { clock, written, stream, now } = fakes(false);
      const print = progressPrinter(stream, now);
      print({ type: 'start', files: 3 });
      print(embed(0, 9_600));
      for (let done = 32; done <= 9_600; done += 32) {
        clock.ms += 100; // 320 passages/s for 30 s
        print(embed(done, 9_600));
      }
      print.end();
      expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
      expect(written[0]).toBe('3 fichiers dans le corpus\n');
      // Start, at 10 s and 20 s, then done: not 300 lines.
      expect(written.slice(1)).toHaveLength(4);
      expect(written[2]).toBe('vecteurs 3200/9600 passages (33 %) — 320 passages/s — reste ~20 s\n');
      expect(written.at(-1)).toBe('vecteurs 9600/9600 passages (100 %) — 320 passages/s\n');
    });
  });
});
