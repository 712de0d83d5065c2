/**
 * Background slices wait for the questions in progress, but never longer than their bound.
 */
import { describe, expect, it } from 'vitest';
import { answering, giveWay, mapInSlices, questionsInProgress, SLICE_MS } from './give-way.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('giveWay', () => {
  it('lets a slice go on at once when no question is in progress', async () => {
    const at = performance.now();
    await giveWay(1_000);
    expect(performance.now() - at).toBeLessThan(500);
  });

  it('holds a slice until the question in progress is answered', async () => {
    const done = answering();
    let resumed = false;
    const slice = giveWay(10_000).then(() => {
      resumed = true;
    });
    await sleep(30);
    expect(resumed).toBe(false);
    done();
    await slice;
    expect(resumed).toBe(true);
    expect(questionsInProgress()).toBe(0);
  });

  it('lets a slice go on after its bound under a steady flow of questions', async () => {
    const done = answering();
    try {
      const at = performance.now();
      await giveWay(40);
      const waited = performance.now() - at;
      expect(waited).toBeGreaterThanOrEqual(35);
      expect(waited).toBeLessThan(5_000);
    } finally {
      done();
    }
  });

  it('counts a question out once, however often its end is reported', async () => {
    const first = answering();
    const second = answering();
    first();
    first();
    expect(questionsInProgress()).toBe(1);
    second();
    expect(questionsInProgress()).toBe(0);
  });
});

describe('mapInSlices', () => {
  it('maps every item in order, letting other work run between slices', async () => {
    let ranBetween = 0;
    const timer = setInterval(() => ranBetween++, 0);
    try {
      const items = Array.from({ length: 40 }, (_, i) => i);
      const out = await mapInSlices(items, (i) => {
        const until = performance.now() + SLICE_MS / 4;
        while (performance.now() < until) {
          // A slow check.
        }
        return i * 2;
      });
      expect(out).toEqual(items.map((i) => i * 2));
      expect(ranBetween).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });
});
