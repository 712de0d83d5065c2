import { describe, expect, it } from 'vitest';
import {
  MAX_SMALL_SEGMENTS,
  planCompaction,
  SEGMENT_PASSAGES,
  SMALL_SEGMENT_PASSAGES,
} from './compaction.ts';
import type { IndexSegment } from './manifest.ts';

const segment = (name: string, passages: number, deleted = 0): IndexSegment => ({
  name,
  passages,
  deleted: Array.from({ length: deleted }, (_, i) => i),
});

describe('planCompaction', () => {
  it('drops a segment whose passages are all deleted', () => {
    expect(planCompaction([segment('a', 10, 10), segment('b', 10)], new Set())).toEqual({
      dropped: ['a'],
      rewritten: [],
    });
  });

  it('rewrites a segment once a quarter of it is deleted, not before', () => {
    const big = SEGMENT_PASSAGES;
    expect(planCompaction([segment('a', big, big / 4 - 1)], new Set()).rewritten).toEqual([]);
    expect(planCompaction([segment('a', big, big / 4)], new Set()).rewritten).toEqual([['a']]);
  });

  it('merges the small segments once there are too many, never the large ones', () => {
    const large = [segment('l1', SEGMENT_PASSAGES), segment('l2', SEGMENT_PASSAGES)];
    const small = Array.from({ length: MAX_SMALL_SEGMENTS }, (_, i) => segment(`s${i}`, 50));
    expect(planCompaction([...large, ...small], new Set()).rewritten).toEqual([]);
    const fresh = segment('new', 50);
    const plan = planCompaction([...large, ...small, fresh], new Set(['new']));
    expect(plan.rewritten).toEqual([small.map((s) => s.name)]);
    expect(SMALL_SEGMENT_PASSAGES).toBeLessThan(SEGMENT_PASSAGES);
  });

  it('leaves the segments just written as they are', () => {
    expect(planCompaction([segment('new', 100, 100)], new Set(['new']))).toEqual({
      dropped: [],
      rewritten: [],
    });
  });
});
