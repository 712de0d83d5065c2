import { describe, expect, it } from 'vitest';
import { createFailureBudget, minutesToWait } from './failure-budget.ts';

describe('createFailureBudget', () => {
  const make = () => {
    const clock = { now: 0 };
    return { clock, budget: createFailureBudget({ max: 3, windowMs: 60_000, now: () => clock.now }) };
  };

  it('lets attempts be checked until max failures fall in the window', () => {
    const { clock, budget } = make();
    for (let i = 0; i < 2; i++) {
      budget.fail();
      clock.now += 1_000;
    }
    expect(budget.wait()).toBe(0);
    budget.fail();
    // The oldest failure (at 0) leaves the window at 60 s; it is now 2 s.
    expect(budget.wait()).toBe(58);
  });

  it('opens again as the oldest failures leave the window, one at a time', () => {
    const { clock, budget } = make();
    budget.fail();
    clock.now = 10_000;
    budget.fail();
    budget.fail();
    clock.now = 60_000;
    expect(budget.wait()).toBe(0);
    budget.fail();
    expect(budget.wait()).toBe(10);
    clock.now = 70_000;
    expect(budget.wait()).toBe(0);
  });

  it('keeps no more than max failures, however many are counted', () => {
    const { clock, budget } = make();
    for (let i = 0; i < 1_000; i++) budget.fail();
    clock.now = 60_000;
    expect(budget.wait()).toBe(0);
  });
});

describe('minutesToWait', () => {
  it.each([
    [1, '1 minute'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [900, '15 minutes'],
  ])('says %i s as « %s »', (seconds, text) => {
    expect(minutesToWait(seconds)).toBe(text);
  });
});
