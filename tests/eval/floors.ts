/**
 * The floors a measured set must stay above (and the falseRefusal it must stay under), shared by the
 * built-in and the semantic evaluation tests: a change that makes residents' answers worse fails.
 */
import { expect } from 'vitest';
import type { EvalMetrics } from './runner.ts';

export type Floors = Pick<EvalMetrics, 'hit@1' | 'hit@5' | 'answer@5' | 'answerShown' | 'refusal'>;

export interface SetFloors {
  set: string;
  floors: Floors;
  falseRefusalCeiling: number;
}

export function expectAtLeast(metrics: EvalMetrics, { floors, falseRefusalCeiling }: SetFloors): void {
  expect(metrics.ingested.failed).toBe(0);
  for (const [metric, floor] of Object.entries(floors)) {
    expect(metrics[metric as keyof Floors] ?? 0, metric).toBeGreaterThanOrEqual(floor ?? 1);
  }
  expect(metrics.falseRefusal).toBeLessThanOrEqual(falseRefusalCeiling);
}
