import { describe, expect, it } from 'vitest';
import { createLoginThrottle, FORGET_AFTER_MS, FREE_FAILURES, type LoginThrottle } from './login-throttle.ts';

function clockedThrottle(maxKeys?: number) {
  const clock = { now: 0 };
  const throttle = createLoginThrottle({ now: () => clock.now, maxKeys });
  return { clock, throttle };
}

const failTimes = (throttle: LoginThrottle, keys: string[], times: number) => {
  for (let i = 0; i < times; i++) throttle.fail(keys);
};

describe('createLoginThrottle', () => {
  describe('below the free failures', () => {
    it('lets every attempt through', () => {
      const { throttle } = clockedThrottle();
      failTimes(throttle, ['name:marie'], FREE_FAILURES - 1);
      expect(throttle.wait(['name:marie'])).toBe(0);
    });
  });

  describe('once a key reaches the free failures', () => {
    it('locks it for a minute, then doubles the lock with each further failure, up to 15 minutes', () => {
      const { clock, throttle } = clockedThrottle();
      const keys = ['client:a'];
      failTimes(throttle, keys, FREE_FAILURES);
      const locks: number[] = [];
      for (let i = 0; i < 7; i++) {
        const wait = throttle.wait(keys);
        locks.push(wait);
        clock.now += wait * 1000;
        expect(throttle.wait(keys)).toBe(0);
        throttle.fail(keys);
      }
      expect(locks).toEqual([60, 120, 240, 480, 900, 900, 900]);
    });

    it('locks only that key, and reports the longest lock of the keys asked about', () => {
      const { throttle } = clockedThrottle();
      failTimes(throttle, ['client:a', 'name:marie'], FREE_FAILURES);
      expect(throttle.wait(['client:b', 'name:paul'])).toBe(0);
      expect(throttle.wait(['client:b', 'name:marie'])).toBe(60);
      expect(throttle.wait(['client:a'])).toBe(60);
    });

    it('does not stretch the lock when failures keep coming while it holds', () => {
      const { clock, throttle } = clockedThrottle();
      failTimes(throttle, ['client:a'], FREE_FAILURES);
      clock.now = 30_000;
      failTimes(throttle, ['client:a'], 100);
      expect(throttle.wait(['client:a'])).toBe(30);
      clock.now = 60_000;
      expect(throttle.wait(['client:a'])).toBe(0);
      throttle.fail(['client:a']);
      expect(throttle.wait(['client:a'])).toBe(120);
    });
  });

  describe('after a success', () => {
    it('starts the key again from zero', () => {
      const { throttle } = clockedThrottle();
      failTimes(throttle, ['name:marie'], FREE_FAILURES - 1);
      throttle.succeed(['name:marie']);
      failTimes(throttle, ['name:marie'], FREE_FAILURES - 1);
      expect(throttle.wait(['name:marie'])).toBe(0);
    });
  });

  describe('after a long quiet time', () => {
    it('forgets the failures', () => {
      const { clock, throttle } = clockedThrottle();
      failTimes(throttle, ['name:marie'], FREE_FAILURES + 3);
      clock.now = FORGET_AFTER_MS;
      expect(throttle.wait(['name:marie'])).toBe(0);
      throttle.fail(['name:marie']);
      expect(throttle.wait(['name:marie'])).toBe(0);
      expect(throttle.size).toBe(1);
    });
  });

  describe('when more keys fail than it may remember', () => {
    it('forgets stale keys first, then the one idle the longest, and never grows past the bound', () => {
      const { clock, throttle } = clockedThrottle(3);
      failTimes(throttle, ['stale'], FREE_FAILURES);
      clock.now = FORGET_AFTER_MS;
      failTimes(throttle, ['old'], FREE_FAILURES);
      clock.now += 1;
      failTimes(throttle, ['recent'], FREE_FAILURES);
      clock.now += 1;
      throttle.fail(['new-1']);
      expect(throttle.size).toBe(3);
      expect(throttle.wait(['old'])).toBeGreaterThan(0);
      throttle.fail(['new-2']);
      expect(throttle.size).toBe(3);
      expect(throttle.wait(['old'])).toBe(0);
      expect(throttle.wait(['recent'])).toBeGreaterThan(0);
      for (let i = 0; i < 1000; i++) throttle.fail([`spray-${i}`]);
      expect(throttle.size).toBe(3);
    });
  });
});
