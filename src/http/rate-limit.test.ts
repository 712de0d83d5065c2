import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
  describe('when a client reaches the limit', () => {
    it('says how long to wait, and frees a slot once the oldest request leaves the window', () => {
      let now = 0;
      const limiter = createRateLimiter({ perMinute: 2, now: () => now });
      expect(limiter.take('a')).toBe(0);
      now = 30_000;
      expect(limiter.take('a')).toBe(0);
      now = 40_000;
      expect(limiter.take('a')).toBe(20);
      expect(limiter.take('b')).toBe(0);
      now = 60_001;
      expect(limiter.take('a')).toBe(0);
      expect(limiter.take('a')).toBe(30);
    });
  });
});
