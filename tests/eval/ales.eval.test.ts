import { describe, expect, it } from 'vitest';
import { runEval } from './runner.ts';

/**
 * The project's own evaluation set, run on every change. The floors sit just under the figures
 * measured when they were last raised (README, "Qualité"): a change that makes residents' answers
 * worse fails here. Raise them when the figures improve; never lower them to let a change pass.
 */
const FLOORS = {
  'hit@1': 0.86,
  'hit@5': 0.94,
  'answer@5': 0.94,
  answerShown: 0.85,
  refusal: 0.9,
};
const FALSE_REFUSAL_CEILING = 0.05;

describe('evaluation set tests/eval/ales (default corpus)', () => {
  it('answers, cites and declines at least as well as last measured', async () => {
    const { metrics } = await runEval('tests/eval/ales');
    expect(metrics.ingested.failed).toBe(0);
    for (const [metric, floor] of Object.entries(FLOORS)) {
      expect(metrics[metric as keyof typeof FLOORS], metric).toBeGreaterThanOrEqual(floor);
    }
    expect(metrics.falseRefusal).toBeLessThanOrEqual(FALSE_REFUSAL_CEILING);
  }, 300_000);
});
